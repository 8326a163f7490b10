// The trace: every layer says what it does, in sentences a learner can follow.
//
//   LUCID_TRACE("stun", "sent Binding request ", txid, " to ", addr);
//
// Categories are layer names (stun, ice, sdp, dtls, sctp, dcep, pc, net). All are off by default.
// Turn them on from code with trace::enable("stun,ice") or from the environment with
// LUCID_TRACE=stun,ice (LUCID_TRACE=all for everything). Lines go to stderr as
// "[stun] sent Binding request ..." unless a sink is set (the demo collects them, tests check them).
#pragma once

#include <functional>
#include <sstream>
#include <string>
#include <string_view>

namespace lucid::trace {

// Turns on the comma-separated layers in `layers` ("all" turns on every layer).
void enable(std::string_view layers);
// Turns every layer off again (and forgets LUCID_TRACE).
void disable_all();
// Whether `layer` is traced; cheap, so call sites can skip building the sentence.
bool enabled(std::string_view layer);

// Where lines go. The default sink writes "[layer] line" to stderr.
using Sink = std::function<void(std::string_view layer, std::string_view line)>;
void set_sink(Sink sink);
void reset_sink();

// Whose work this thread is doing right now: the name of the PeerConnection being driven, so
// that a sink can tell two peers in one process apart even in the layers that never learn the
// name (dtls, sctp). src/net's Driver sets it while it runs a connection; an application sets it
// around its own calls into a connection. Empty when nobody has.
std::string_view current_peer();
class PeerScope {
 public:
  explicit PeerScope(std::string name);  // sets current_peer() until destroyed
  ~PeerScope();                          // puts back the name that was there before
  PeerScope(const PeerScope&) = delete;
  PeerScope& operator=(const PeerScope&) = delete;

 private:
  std::string previous_;
};

// Sends one finished line to the sink if `layer` is enabled.
void emit(std::string_view layer, std::string_view line);

// Joins any streamable values into one string: concat("port ", 5000) == "port 5000".
template <typename... Parts>
std::string concat(const Parts&... parts) {
  std::ostringstream out;
  (out << ... << parts);
  return out.str();
}

}  // namespace lucid::trace

// Builds the sentence only when the layer is enabled.
#define LUCID_TRACE(layer, ...)                                                    \
  do {                                                                             \
    if (::lucid::trace::enabled(layer))                                            \
      ::lucid::trace::emit(layer, ::lucid::trace::concat(__VA_ARGS__));            \
  } while (0)
