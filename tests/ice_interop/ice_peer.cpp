// ice_peer: lucid's side of the ICE browser tests (issue 4), run by tests/interop/harness.py.
//
//   ice_peer --offer  [--stun URL] [--bind ADDR] [--trace LAYERS]   (role lucid-offers, a "caller")
//   ice_peer --answer [--stun URL] [--bind ADDR] [--trace LAYERS]   (role browser-offers, a
//   "callee")
//
// It speaks the copy-paste contract of tests/interop/README.md: one-line blobs, base64 of
// {"type","sdp"}, non-trickle (it prints its description only once ICE gathering is complete,
// so the line carries every candidate). It runs until stdin ends, printing the ICE connection
// state as it changes and "RESULT ice=connected" the first time ICE connects.
//
// Issue 7's examples/caller and examples/callee replace it; they keep this shape and add the
// data channel chat. DTLS and SCTP run after ICE too, but this test only asks about ICE.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "common/trace.h"
#include "net/peer_host.h"
#include "sdp/description_blob.h"

namespace {

using namespace lucid;

struct Options {
  bool offer = false;
  std::vector<std::string> stun;
  std::vector<IpAddress> bind;
  std::string trace;
};

int usage() {
  std::cerr
      << "usage: ice_peer --offer|--answer [--stun stun:IP:PORT] [--bind ADDR] [--trace LAYERS]\n";
  return 2;
}

void say(const std::string& line) {
  std::cout << line << std::endl;  // flushed: the harness waits for whole lines
}

// stdin, read line by line from inside the event loop (no second thread needed).
class LineReader {
 public:
  // Returns false at end of input.
  bool read(std::vector<std::string>& lines) {
    char chunk[4096];
    const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    for (std::size_t end; (end = buffer_.find('\n')) != std::string::npos;
         buffer_.erase(0, end + 1))
      lines.push_back(buffer_.substr(0, end));
    return true;
  }

 private:
  std::string buffer_;
};

}  // namespace

int main(int argc, char** argv) {
  Options options;
  bool role_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--offer" || arg == "--answer") {
      options.offer = arg == "--offer";
      role_given = true;
    } else if (arg == "--stun" && has_value) {
      options.stun.push_back(argv[++i]);
    } else if (arg == "--bind" && has_value) {
      auto ip = IpAddress::parse(argv[++i]);
      if (!ip) return usage();
      options.bind.push_back(*ip);
    } else if (arg == "--trace" && has_value) {
      options.trace = argv[++i];
    } else {
      return usage();
    }
  }
  if (!role_given) return usage();
  if (!options.trace.empty()) trace::enable(options.trace);

  net::EventLoop loop;
  PeerConnectionConfiguration configuration;
  configuration.ice_servers = options.stun;
  net::PeerHostOptions host_options;
  host_options.interfaces.only = options.bind;
  net::PeerHost pc(loop, configuration, host_options);

  bool reported_connected = false;
  pc.on_ice_connection_state_change = [&](IceConnectionState state) {
    say(std::string("ice-connection-state: ") + to_string(state));
    if (!reported_connected &&
        (state == IceConnectionState::Connected || state == IceConnectionState::Completed)) {
      reported_connected = true;
      say("RESULT ice=connected");
    }
  };
  // Non-trickle: the description goes out once, when gathering is complete.
  pc.on_ice_gathering_state_change = [&](IceGatheringState state) {
    if (state == IceGatheringState::Complete)
      say(sdp::encode_blob(*pc.connection().local_description()));
  };

  bool failed = false;
  auto on_line = [&](const std::string& line) {
    if (line.empty()) return;
    const SdpType expected = options.offer ? SdpType::Answer : SdpType::Offer;
    auto description = sdp::decode_blob(line, expected);
    if (!description || description->type != expected) {
      std::cerr << "ice_peer: expected an " << sdp::to_string(expected) << " blob\n";
      failed = true;
      loop.stop();
      return;
    }
    if (auto status = pc.set_remote_description(*description); !status) {
      std::cerr << "ice_peer: setRemoteDescription: " << status.error().message() << '\n';
      failed = true;
      loop.stop();
      return;
    }
    if (!options.offer) pc.set_local_description(pc.create_answer());
  };

  LineReader reader;
  loop.watch_readable(STDIN_FILENO, [&] {
    std::vector<std::string> lines;
    const bool open = reader.read(lines);
    for (const auto& line : lines) on_line(line);
    if (!open) loop.stop();  // the harness closes stdin when the page has reported
  });

  if (options.offer) pc.set_local_description(pc.create_offer());
  loop.run();
  loop.unwatch(STDIN_FILENO);
  pc.close();
  return failed ? 1 : 0;
}
