// The trace: every layer says what it does, in sentences a learner can follow.
//
//   LUCID_TRACE("stun", "sent Binding request ", txid, " to ", addr);
//
// Categories are layer names (stun, turn, ice, sdp, dtls, sctp, dcep, pc, net). All are off by default.
// Two ways to turn them on:
//   - for the whole process: trace::enable("stun,ice") from code, or LUCID_TRACE=stun,ice in the
//     environment (LUCID_TRACE=all for everything);
//   - for one connection's work only: PeerConnectionConfiguration::trace = "ice". The connection
//     opens a PeerScope with those layers around everything it does (and src/net's Driver around
//     everything it does for it), so two peers in one process can be traced one at a time.
// A line is written when its layer is on either way. Lines go to stderr as
// "[stun] sent Binding request ..." unless a sink is set (the demo collects them, tests check them).
#pragma once

#include <functional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace lucid::trace {

// A set of layers, read once from a comma-separated list: "stun, ice", "all" (or "*"), or "".
class Layers {
 public:
  Layers() = default;  // none
  explicit Layers(std::string_view list) { add(list); }
  void add(std::string_view list);
  bool contains(std::string_view layer) const;
  bool empty() const { return !all_ && names_.empty(); }

 private:
  bool all_ = false;
  std::vector<std::string> names_;
};

// Turns on the comma-separated layers in `layers` ("all" turns on every layer).
void enable(std::string_view layers);
// Turns every layer off again (and forgets LUCID_TRACE).
void disable_all();
// Whether `layer` is traced here: on for the process, or on in the current PeerScope. Cheap
// (a thread-local look first, a lock only when some layer is on process-wide), so call sites
// can skip building the sentence.
bool enabled(std::string_view layer);

// Where lines go. The default sink writes "[layer] line" to stderr.
using Sink = std::function<void(std::string_view layer, std::string_view line)>;
void set_sink(Sink sink);
void reset_sink();

// Whose work this thread is doing right now: the name of the PeerConnection being driven, so
// that a sink can tell two peers in one process apart even in the layers that never learn the
// name (dtls, sctp), and the layers that connection wants traced. A PeerConnection opens a scope
// in each of its methods, src/net's Driver while it runs a connection, an application may open
// one around its own calls. Scopes nest on one thread; the innermost one counts.
// current_peer() is empty when no scope names a peer.
std::string_view current_peer();
class PeerScope {
 public:
  // Sets current_peer() until destroyed; the layers traced stay those of the enclosing scope.
  // An empty name keeps the enclosing scope's name.
  explicit PeerScope(std::string name);
  // Also traces `layers` (and only those, besides the process-wide ones) for the work done
  // inside the scope: the enclosing scope's layers do not reach in. `layers` must outlive the
  // scope.
  PeerScope(std::string name, const Layers& layers);
  PeerScope(std::string name, const Layers&& layers) = delete;  // would not outlive the scope
  ~PeerScope();  // puts back the name and layers that were there before
  PeerScope(const PeerScope&) = delete;
  PeerScope& operator=(const PeerScope&) = delete;

 private:
  std::string previous_name_;
  const Layers* previous_layers_;
};

// Sends one finished line to the sink if `layer` is enabled().
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
