// chat_peer: lucid's side of the data channel browser tests (issue 6), run by
// tests/interop/harness.py, in the shape issue 7's `caller` and `callee` will have.
//
//   chat_peer --offer  [--stun URL] [--bind ADDR] [--trace LAYERS] [--keylog FILE]
//             [--negotiated ID] [--echo]                                   (lucid-offers)
//   chat_peer --answer ...the same...                                     (browser-offers)
//
// The harness's contract (one-line blobs, non-trickle, runs until stdin ends) is InteropPeer's
// (tests/interop/interop_peer.h). stdin: after the peer's description, every line is sent as
// text on the channel "chat", which this side opens, except "/close LABEL", which closes that
// channel. stdout: after our description, one line per event:
//   connection-state: connected           open chat              close browser-chat
//   message chat text 5: hello            message chat binary 65536
// --negotiated ID also makes the channel "negotiated" with that id on this side (the page makes
// its own); --echo sends every message back on the channel it came on, text as text and bytes as
// bytes, so the page can check both directions at once.
#include <charconv>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "interop/interop_peer.h"

using namespace lucid;

namespace {

struct ChatOptions {
  std::optional<std::uint16_t> negotiated;  // --negotiated ID
  bool echo = false;                        // --echo
};

// The arguments InteropPeer left: --negotiated ID and --echo. nullopt for anything else.
std::optional<ChatOptions> parse_chat_options(const std::vector<std::string>& args) {
  ChatOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--echo") {
      options.echo = true;
    } else if (args[i] == "--negotiated" && i + 1 < args.size()) {
      const std::string& value = args[++i];
      std::uint16_t id = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), id);
      if (error != std::errc() || end != value.data() + value.size()) return std::nullopt;
      options.negotiated = id;
    } else {
      return std::nullopt;
    }
  }
  return options;
}

// Prints a channel's events, and with --echo sends each message back on it.
void watch(net::HostedDataChannel& channel, bool echo) {
  const std::string label = channel.label();
  channel.on_open = [label] { testing::say("open " + label); };
  channel.on_close = [label] { testing::say("close " + label); };
  channel.on_error = [label](const std::string& what) {
    testing::say("error " + label + ": " + what);
  };
  channel.on_message = [label, &channel, echo](const MessageEvent& m) {
    if (m.is_text()) {
      const std::string& text = m.text();
      testing::say("message " + label + " text " + std::to_string(text.size()) + ": " +
                   (text.size() <= 80 ? text : text.substr(0, 80) + "..."));
      if (echo) channel.send(text);
    } else {
      testing::say("message " + label + " binary " + std::to_string(m.binary().size()));
      if (echo) channel.send(m.binary());
    }
  };
}

}  // namespace

int main(int argc, char** argv) {
  const auto options = testing::parse_interop_peer_options(argc, argv);
  const auto chat_options = options ? parse_chat_options(options->rest) : std::nullopt;
  if (!chat_options) return testing::print_usage("chat_peer", "[--negotiated ID] [--echo]");
  testing::InteropPeer peer("chat_peer", *options);
  net::PeerHost& pc = peer.pc();

  // Every channel, by label, for the "/close LABEL" command.
  std::map<std::string, std::shared_ptr<net::HostedDataChannel>> channels;
  auto add = [&](std::shared_ptr<net::HostedDataChannel> channel) {
    watch(*channel, chat_options->echo);
    channels[channel->label()] = std::move(channel);
  };
  pc.on_data_channel = [&](std::shared_ptr<net::HostedDataChannel> channel) {
    testing::say("datachannel " + channel->label());
    add(std::move(channel));
  };
  add(pc.create_data_channel("chat"));
  if (chat_options->negotiated)
    add(pc.create_data_channel("negotiated",
                               {.negotiated = true, .id = *chat_options->negotiated}));

  pc.on_connection_state_change = [](PeerConnectionState state) {
    testing::say(std::string("connection-state: ") + to_string(state));
  };

  // A typed line: "/close LABEL" closes a channel, anything else is said on "chat".
  peer.on_line = [&](const std::string& line) {
    if (line.rfind("/close ", 0) == 0) {
      auto it = channels.find(line.substr(7));
      if (it != channels.end()) it->second->close();
      return;
    }
    auto chat = channels.find("chat");
    if (chat != channels.end() && chat->second->ready_state() == DataChannelState::Open)
      chat->second->send(line);
    else
      testing::say("not sent: the channel chat is not open");
  };
  return peer.run();
}
