// ChatSession: the plumbing `caller` and `callee` share, so that their main() reads like the
// tutorial (docs/tutorial.md) and this file holds the rest:
//
//   - one event loop and one PeerHost (a PeerConnection on real UDP sockets), built from the
//     command line;
//   - the terminal: description lines and chat messages on stdout, everything else ("status"
//     lines) on stderr, so that stdout can be piped or pasted as it is;
//   - stdin read line by line from inside the event loop, so that one thread does everything;
//   - the waits between the tutorial's steps, each ending early (and saying why) if the
//     connection fails or stdin ends.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "net/event_loop.h"
#include "net/peer_host.h"
#include "options.h"

namespace lucid::examples {

class ChatSession {
 public:
  // Applies --trace and --keylog, binds the sockets (exits 1, saying what to do, when there is no
  // address to bind) and starts reading stdin. `program` prefixes every status line.
  ChatSession(const char* program, const ChatOptions& options);
  ~ChatSession();

  // The peer connection, W3C-shaped: create_offer, set_local_description, ...
  net::PeerHost& pc() { return *pc_; }

  // Non-trickle signalling: runs until ICE gathering is complete, so that the local description
  // carries every candidate and one line is all the other side needs.
  void wait_for_ice_gathering_complete();
  // Prints the local description as one line on stdout: base64 of {"type","sdp"}.
  void print_local_description();
  // Runs until a line arrives on stdin and reads it as a description of `type` (a blob, its JSON,
  // or plain SDP). nullopt, having said why on stderr, for anything else or when stdin ends.
  std::optional<SessionDescription> read_remote_description(SdpType type);

  // Runs until `done()` is true. false, having said why, when the connection fails or closes, or
  // stdin ends first. `what` names the wait in those messages.
  bool wait_until(const std::string& what, const std::function<bool()>& done);

  // Prints each message `channel` receives as "peer: TEXT" on stdout, and says on stderr when
  // the channel opens and closes. Call it as soon as there is a channel, so no message is missed.
  void print_messages_from(net::HostedDataChannel& channel);
  // The chat: each line read from stdin is sent on `channel` (lines typed while connecting are
  // sent now). When stdin ends, closes the channel and the connection. Returns the exit status:
  // 0 for stdin ending or the peer closing, 1 if the connection failed.
  int chat(net::HostedDataChannel& channel);

  // A status line on stderr: "caller: TEXT".
  void status(const std::string& text) const;
  // Says what went wrong and returns 1, for `return session.fail("...");` in main.
  int fail(const std::string& why) const;

 private:
  void on_stdin_readable();
  void send_line(net::HostedDataChannel& channel, const std::string& line);
  void close_connection();

  const char* program_;
  net::EventLoop loop_;
  std::unique_ptr<net::PeerHost> pc_;
  std::deque<std::string> lines_;  // read from stdin, not yet used
  std::string partial_line_;
  bool stdin_ended_ = false;
};

}  // namespace lucid::examples
