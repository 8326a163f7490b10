// InteropPeer: what lucid's side of the browser tests (ice_peer, dtls_peer, chat_peer) shares,
// so that each program's main() holds only what its test is about. It speaks the harness's
// contract (tests/interop/README.md):
//
//   - the command line  PROGRAM --offer|--answer [--stun URL]... [--bind ADDR]...
//                               [--trace LAYERS] [--keylog FILE] [what the program adds]
//     (--offer: role lucid-offers, a "caller"; --answer: role browser-offers, a "callee");
//   - one event loop and one PeerHost (a PeerConnection on real UDP sockets);
//   - non-trickle signalling with one-line blobs: our description goes to stdout once ICE
//     gathering is complete, so that the line carries every candidate; the first stdin line is
//     the browser's description;
//   - stdin read line by line inside the event loop (one thread does everything), and the end of
//     the run when stdin ends: the harness closes it once the page has reported.
//
// Every stdout line is flushed at once (say), since the page waits for whole lines; a line
// "RESULT key=value" (result) becomes the harness's result lucid.key.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/address.h"
#include "net/event_loop.h"
#include "net/peer_host.h"

namespace lucid::testing {

// One line on stdout, flushed.
void say(const std::string& line);
// "RESULT key=value" on stdout, flushed: the harness's result lucid.<key>.
void result(std::string_view key, std::string_view value);

struct InteropPeerOptions {
  bool offer = false;             // --offer, or --answer
  std::vector<std::string> stun;  // --stun stun:IP:PORT (repeatable): the ICE servers
  std::vector<IpAddress> bind;    // --bind ADDR (repeatable): default every non-loopback address
  std::string trace;              // --trace LAYERS, e.g. "ice,pc,net"
  std::string keylog;             // --keylog FILE: the DTLS secrets, to decrypt a capture
  std::vector<std::string> rest;  // the arguments not named above, in order, for the program
};

// Reads argv. nullopt for a command line without --offer or --answer, a bad --bind address or
// an option above without its value; the program then prints its usage.
std::optional<InteropPeerOptions> parse_interop_peer_options(int argc, char** argv);
// Prints the usage line on stderr, the options above followed by `extra` (the program's own),
// and returns 2, the exit status for a bad command line.
int print_usage(std::string_view program, std::string_view extra = "");

class InteropPeer {
 public:
  // Applies --trace and builds the PeerHost from --stun, --bind and --keylog. `program` names the
  // program in what it says on stderr.
  InteropPeer(std::string program, const InteropPeerOptions& options);
  ~InteropPeer();
  InteropPeer(const InteropPeer&) = delete;
  InteropPeer& operator=(const InteropPeer&) = delete;

  // The peer connection, W3C-shaped. Set its callbacks before run(), all but
  // on_ice_gathering_state_change: that one is InteropPeer's, for the non-trickle blob.
  net::PeerHost& pc() { return *pc_; }

  // Every stdin line after the browser's description (chat lines, commands), on the loop thread.
  // Unset: such lines are ignored, with a word on stderr.
  std::function<void(const std::string& line)> on_line;

  // Runs until stdin ends: with --offer makes the offer and takes the browser's answer; with
  // --answer takes the browser's offer and answers it. Then closes the connection. Returns the
  // exit status: 1 if the browser's line was not a description of the expected type or
  // setRemoteDescription refused it (the run stops there, having said why on stderr), else 0.
  int run();

 private:
  void on_stdin_readable();
  void take_remote_description(const std::string& line);
  void fail(const std::string& why);

  std::string program_;
  bool offer_;
  net::EventLoop loop_;
  std::unique_ptr<net::PeerHost> pc_;
  std::string partial_line_;  // stdin read so far after the last '\n'
  bool described_ = false;    // the browser's description has been taken
  bool failed_ = false;
};

}  // namespace lucid::testing
