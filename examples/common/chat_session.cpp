#include "chat_session.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <stdexcept>

#include "sdp/description_blob.h"

namespace lucid::examples {
namespace {

// Every wait is for a person (pasting a line, typing) or for ICE, whose own timers end a failed
// attempt; this bound only keeps a forgotten program from running forever.
constexpr Duration kLongestWait = std::chrono::hours(12);

// "offer" or "answer".
std::string name_of(SdpType type) { return std::string(sdp::to_string(type)); }

bool connection_ended(PeerConnectionState state) {
  return state == PeerConnectionState::Failed || state == PeerConnectionState::Closed;
}

}  // namespace

ChatSession::ChatSession(const char* program, const ChatOptions& options) : program_(program) {
  PeerConnectionConfiguration configuration;
  configuration.name = program;
  // --trace LAYERS: this connection's work narrated on stderr (LUCID_TRACE=... in the
  // environment still turns layers on for the whole process).
  configuration.trace = options.trace;
  configuration.ice_servers = options.stun;
  if (options.keylog) {
    try {
      configuration.key_log = std::make_shared<dtls::KeyLog>(*options.keylog);
    } catch (const std::exception& e) {
      std::cerr << program_ << ": --keylog: " << e.what() << "\n";
      std::exit(1);
    }
  }
  net::PeerHostOptions host_options;
  host_options.interfaces.only = options.bind;  // empty: every non-loopback address
  if (options.pcap) host_options.pcap_path = *options.pcap;  // every datagram, for Wireshark
  try {
    pc_ = std::make_unique<net::PeerHost>(loop_, configuration, host_options);
  } catch (const std::invalid_argument& e) {  // an ICE server URL the connection cannot use
    std::cerr << program_ << ": --stun: " << e.what() << "\n";
    std::exit(2);
  } catch (const std::runtime_error& e) {  // nothing to bind
    std::cerr << program_ << ": " << e.what() << "\n";
    if (options.bind.empty())
      std::cerr << program_ << ": on a machine with no network interface besides loopback, pass "
                << "--bind 127.0.0.1 (and run the other side on this machine too)\n";
    else
      std::cerr << program_
                << ": each --bind address must be one of this machine's own (see: ip address)\n";
    std::exit(1);
  }
  for (const auto& address : pc_->local_addresses())
    status("listening on udp " + address.to_string());

  pc_->on_ice_candidate_error = [this](const IceCandidateErrorEvent& e) {
    status("ice server " + e.url + ": " + e.error_text + " (" + std::to_string(e.error_code) +
           ")");
  };
  pc_->on_ice_connection_state_change = [this](IceConnectionState state) {
    status(std::string("ICE connection state: ") + to_string(state));
  };
  pc_->on_connection_state_change = [this](PeerConnectionState state) {
    status(std::string("connection state: ") + to_string(state));
  };
  loop_.watch_readable(STDIN_FILENO, [this] { on_stdin_readable(); });
}

ChatSession::~ChatSession() { loop_.unwatch(STDIN_FILENO); }

void ChatSession::on_stdin_readable() {
  char chunk[4096];
  const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
  if (n <= 0) {
    // End of input (Ctrl-D, or the other end of a pipe closed). A last line without a newline
    // still counts.
    if (!partial_line_.empty()) lines_.push_back(std::move(partial_line_));
    partial_line_.clear();
    stdin_ended_ = true;
    loop_.unwatch(STDIN_FILENO);
    return;
  }
  partial_line_.append(chunk, static_cast<std::size_t>(n));
  for (std::size_t end; (end = partial_line_.find('\n')) != std::string::npos;
       partial_line_.erase(0, end + 1)) {
    std::string line = partial_line_.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.pop_back();  // pasted from a Windows tool
    lines_.push_back(std::move(line));
  }
}

void ChatSession::status(const std::string& text) const {
  std::cerr << program_ << ": " << text << std::endl;
}

int ChatSession::fail(const std::string& why) const {
  status(why);
  return 1;
}

void ChatSession::wait_for_ice_gathering_complete() {
  const auto complete = [this] {
    return pc_->ice_gathering_state() == IceGatheringState::Complete;
  };
  if (!complete()) status("gathering ICE candidates...");
  loop_.run_until(complete, kLongestWait);
  const std::string sdp = pc_->local_description()->sdp;
  std::size_t candidates = 0;
  for (std::size_t at = 0; (at = sdp.find("a=candidate:", at)) != std::string::npos; ++at)
    ++candidates;
  status("ICE gathering complete: " + std::to_string(candidates) +
         " candidate(s) in our description");
}

void ChatSession::print_local_description() {
  const auto description = pc_->local_description();
  if (!description) throw std::logic_error("print_local_description: no local description yet");
  status(std::string("this ") + name_of(description->type) +
         " is our local description; paste it into the other side:");
  std::cout << sdp::encode_blob(*description) << std::endl;  // flushed: a whole line or nothing
}

std::optional<SessionDescription> ChatSession::read_remote_description(SdpType type) {
  status(std::string("paste the other side's ") + name_of(type) + " line:");
  for (;;) {
    loop_.run_until([this] { return !lines_.empty() || stdin_ended_; }, kLongestWait);
    if (lines_.empty()) {
      status(std::string("stdin ended before an ") + name_of(type) + " line arrived");
      return std::nullopt;
    }
    const std::string line = std::move(lines_.front());
    lines_.pop_front();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;  // an empty line
    auto description = sdp::decode_blob(line, type);
    if (!description) {
      status(std::string("that is not a description line: ") + description.error().message());
      return std::nullopt;
    }
    if (description->type != type) {
      status(std::string("expected an ") + name_of(type) + ", got an " +
             name_of(description->type));
      return std::nullopt;
    }
    status("got the " + name_of(type) + " line; it becomes our remote description");
    return std::move(*description);
  }
}

bool ChatSession::wait_until(const std::string& what, const std::function<bool()>& done) {
  status("waiting until " + what + "...");
  loop_.run_until(
      [&] {
        return done() || connection_ended(pc_->connection_state()) || stdin_ended_;
      },
      kLongestWait);
  if (done()) return true;
  if (connection_ended(pc_->connection_state()))
    status(std::string("the connection is ") + to_string(pc_->connection_state()) +
           " before " + what);
  else if (stdin_ended_)
    status("stdin ended before " + what);
  else
    status("gave up waiting until " + what);
  return false;
}

void ChatSession::send_line(net::HostedDataChannel& channel, const std::string& line) {
  try {
    channel.send(line);
  } catch (const std::length_error& e) {  // above the peer's a=max-message-size
    status(std::string("not sent: ") + e.what());
  }
}

void ChatSession::close_connection() {
  pc_->close();
  // Let what close() queued (DTLS close_notify) leave before the sockets go.
  loop_.run_once(Duration::zero());
}

void ChatSession::print_messages_from(net::HostedDataChannel& channel) {
  const std::string label = channel.label();
  channel.on_open = [this, label] { status("data channel \"" + label + "\" is open"); };
  channel.on_close = [this, label] { status("data channel \"" + label + "\" is closed"); };
  channel.on_message = [](const MessageEvent& message) {
    if (message.is_text())
      std::cout << "peer: " << message.text() << std::endl;
    else
      std::cout << "peer: (" << message.binary().size() << " bytes of binary data)" << std::endl;
  };
}

int ChatSession::chat(net::HostedDataChannel& channel) {
  status("type a line to send it on \"" + channel.label() + "\", Ctrl-D to hang up");
  const auto channel_closed = [&] { return channel.ready_state() == DataChannelState::Closed; };
  loop_.run_until(
      [&] {
        while (!lines_.empty() && channel.ready_state() == DataChannelState::Open) {
          send_line(channel, lines_.front());
          lines_.pop_front();
        }
        return stdin_ended_ || channel_closed() ||
               connection_ended(pc_->connection_state());
      },
      kLongestWait);
  if (connection_ended(pc_->connection_state()) && !stdin_ended_) {
    const bool failed = pc_->connection_state() == PeerConnectionState::Failed;
    status(std::string("the connection is ") + to_string(pc_->connection_state()));
    return failed ? 1 : 0;
  }
  if (channel_closed()) {
    status("the peer closed the channel; hanging up");
  } else {
    status("stdin ended; closing the channel and the connection");
    channel.close();
    // RFC 8831 §6.7: closing resets the channel's stream; wait a moment (a round trip is
    // enough; a peer that is gone never answers) for the peer to reset its side too, so that it
    // sees the channel close rather than the connection vanish.
    loop_.run_until(channel_closed, std::chrono::seconds(1));
  }
  close_connection();
  return 0;
}

}  // namespace lucid::examples
