// dtls_peer: lucid's side of the DTLS browser tests (issue 5), run by tests/interop/harness.py.
//
//   dtls_peer --offer  [--stun URL] [--bind ADDR] [--trace LAYERS] [--keylog FILE]  (lucid-offers)
//   dtls_peer --answer [--stun URL] [--bind ADDR] [--trace LAYERS] [--keylog FILE] (browser-offers)
//
// The shape of ice_peer (tests/ice_interop): one-line blobs, non-trickle, runs until stdin ends.
// It prints the connection state as it changes and, when ICE and DTLS are both up, the DTLS
// details as RESULT lines: dtls=connected, dtls_role, cipher, srtp. SCTP runs inside DTLS
// afterwards, but this test only asks about DTLS.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "common/trace.h"
#include "dtls/keylog.h"
#include "net/peer_host.h"
#include "sdp/description_blob.h"

namespace {

using namespace lucid;

struct Options {
  bool offer = false;
  std::vector<std::string> stun;
  std::vector<IpAddress> bind;
  std::string trace;
  std::string keylog;
};

int usage() {
  std::cerr << "usage: dtls_peer --offer|--answer [--stun stun:IP:PORT] [--bind ADDR] [--trace "
               "LAYERS] [--keylog FILE]\n";
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
    } else if (arg == "--keylog" && has_value) {
      options.keylog = argv[++i];
    } else {
      return usage();
    }
  }
  if (!role_given) return usage();
  if (!options.trace.empty()) trace::enable(options.trace);

  net::EventLoop loop;
  PeerConnectionConfiguration configuration;
  configuration.ice_servers = options.stun;
  if (!options.keylog.empty())
    configuration.key_log = std::make_shared<dtls::KeyLog>(options.keylog);
  net::PeerHostOptions host_options;
  host_options.interfaces.only = options.bind;
  net::PeerHost pc(loop, configuration, host_options);

  pc.on_ice_connection_state_change = [&](IceConnectionState state) {
    say(std::string("ice-connection-state: ") + to_string(state));
  };
  bool reported_connected = false;
  pc.on_connection_state_change = [&](PeerConnectionState state) {
    say(std::string("connection-state: ") + to_string(state));
    const dtls::Transport* dtls = pc.connection().dtls_transport();
    if (state == PeerConnectionState::Failed && dtls && dtls->state() == dtls::State::failed)
      say("RESULT dtls=failed");
    if (reported_connected || state != PeerConnectionState::Connected || dtls == nullptr) return;
    reported_connected = true;
    say(std::string("RESULT dtls_role=") + std::string(dtls::to_string(dtls->role())));
    say("RESULT cipher=" + dtls->cipher_suite());
    say(std::string("RESULT srtp=") +
        (dtls->srtp_keys() ? std::string(dtls::to_string(dtls->srtp_keys()->profile))
                           : std::string("none")));
    say(std::string("RESULT extended_master_secret=") +
        (dtls->extended_master_secret() ? "yes" : "no"));
    say("RESULT remote_fingerprint=" +
        (dtls->remote_fingerprint() ? dtls->remote_fingerprint()->to_sdp() : ""));
    say("RESULT dtls=connected");
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
      std::cerr << "dtls_peer: expected an " << sdp::to_string(expected) << " blob\n";
      failed = true;
      loop.stop();
      return;
    }
    if (auto status = pc.set_remote_description(*description); !status) {
      std::cerr << "dtls_peer: setRemoteDescription: " << status.error().message() << '\n';
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
