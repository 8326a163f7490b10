// chat_peer: lucid's side of the data channel browser tests (issue 6), run by
// tests/interop/harness.py, in the shape issue 7's `caller` and `callee` will have.
//
//   chat_peer --offer  [--stun URL] [--bind ADDR] [--trace LAYERS] [--keylog FILE]
//             [--negotiated ID] [--echo]                                   (lucid-offers)
//   chat_peer --answer ...the same...                                     (browser-offers)
//
// stdin: the first line is the peer's description as a one-line blob; every later line is sent
// as text on the channel "chat", which this side opens, except "/close LABEL", which closes that
// channel. stdout: our description as one blob line once gathering is complete (non-trickle),
// then one line per event:
//   connection-state: connected           open chat              close browser-chat
//   message chat text 5: hello            message chat binary 65536
// --negotiated ID also makes the channel "negotiated" with that id on this side (the page makes
// its own); --echo sends every message back on the channel it came on, text as text and bytes as
// bytes, so the page can check both directions at once.
#include <unistd.h>

#include <iostream>
#include <map>
#include <memory>
#include <optional>
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
  std::optional<std::uint16_t> negotiated;
  bool echo = false;
};

int usage() {
  std::cerr << "usage: chat_peer --offer|--answer [--stun stun:IP:PORT] [--bind ADDR] "
               "[--trace LAYERS] [--keylog FILE] [--negotiated ID] [--echo]\n";
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

std::optional<Options> parse(int argc, char** argv) {
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
      if (!ip) return std::nullopt;
      options.bind.push_back(*ip);
    } else if (arg == "--trace" && has_value) {
      options.trace = argv[++i];
    } else if (arg == "--keylog" && has_value) {
      options.keylog = argv[++i];
    } else if (arg == "--negotiated" && has_value) {
      options.negotiated = static_cast<std::uint16_t>(std::stoul(argv[++i]));
    } else if (arg == "--echo") {
      options.echo = true;
    } else {
      return std::nullopt;
    }
  }
  if (!role_given) return std::nullopt;
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  const auto parsed = parse(argc, argv);
  if (!parsed) return usage();
  const Options& options = *parsed;
  if (!options.trace.empty()) trace::enable(options.trace);

  net::EventLoop loop;
  PeerConnectionConfiguration configuration;
  configuration.ice_servers = options.stun;
  if (!options.keylog.empty())
    configuration.key_log = std::make_shared<dtls::KeyLog>(options.keylog);
  net::PeerHostOptions host_options;
  host_options.interfaces.only = options.bind;
  net::PeerHost pc(loop, configuration, host_options);

  // Every channel, by label, with the callbacks that print its events (and echo).
  std::map<std::string, std::shared_ptr<net::DataChannel>> channels;
  auto watch = [&](const std::shared_ptr<net::DataChannel>& channel) {
    const std::string label = channel->label();
    channels[label] = channel;
    net::DataChannel* c = channel.get();
    channel->on_open = [label] { say("open " + label); };
    channel->on_close = [label] { say("close " + label); };
    channel->on_error = [label](const std::string& what) { say("error " + label + ": " + what); };
    channel->on_message = [label, c, &options](const MessageEvent& m) {
      if (m.is_text()) {
        const std::string& text = m.text();
        say("message " + label + " text " + std::to_string(text.size()) + ": " +
            (text.size() <= 80 ? text : text.substr(0, 80) + "..."));
        if (options.echo) c->send(text);
      } else {
        say("message " + label + " binary " + std::to_string(m.binary().size()));
        if (options.echo) c->send(m.binary());
      }
    };
  };
  pc.on_data_channel = [&](std::shared_ptr<net::DataChannel> channel) {
    say("datachannel " + channel->label());
    watch(channel);
  };
  watch(pc.create_data_channel("chat"));
  if (options.negotiated)
    watch(pc.create_data_channel("negotiated", {.negotiated = true, .id = *options.negotiated}));

  pc.on_connection_state_change = [&](PeerConnectionState state) {
    say(std::string("connection-state: ") + to_string(state));
  };
  // Non-trickle: the description goes out once, when gathering is complete.
  pc.on_ice_gathering_state_change = [&](IceGatheringState state) {
    if (state == IceGatheringState::Complete)
      say(sdp::encode_blob(*pc.connection().local_description()));
  };

  bool failed = false;
  bool described = false;
  auto on_line = [&](const std::string& line) {
    if (line.empty()) return;
    if (described) {
      // A typed line: "/close LABEL" closes a channel, anything else is said on "chat".
      if (line.rfind("/close ", 0) == 0) {
        auto it = channels.find(line.substr(7));
        if (it != channels.end()) it->second->close();
        return;
      }
      auto chat = channels.find("chat");
      if (chat != channels.end() && chat->second->ready_state() == DataChannelState::Open)
        chat->second->send(line);
      else
        say("not sent: the channel chat is not open");
      return;
    }
    const SdpType expected = options.offer ? SdpType::Answer : SdpType::Offer;
    auto description = sdp::decode_blob(line, expected);
    if (!description || description->type != expected) {
      std::cerr << "chat_peer: expected an " << sdp::to_string(expected) << " blob\n";
      failed = true;
      loop.stop();
      return;
    }
    if (auto status = pc.set_remote_description(*description); !status) {
      std::cerr << "chat_peer: setRemoteDescription: " << status.error().message() << '\n';
      failed = true;
      loop.stop();
      return;
    }
    described = true;
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
