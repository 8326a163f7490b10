// The demo's voice: every line it prints, with the time since the start and whose line it is.
//
//    12.481 ms  alice  ice   check 127.0.0.1:40001 -> 127.0.0.1:40002 succeeded (rtt 0 ms)
//
// Lines come from two places: the stack's own trace (common/trace.h), which the narrator
// installs itself as the sink of, and the demo's story lines (act titles, descriptions,
// messages). The trace says whose line it is through trace::current_peer(), which net's Driver
// sets while it runs a peer and the demo sets around its own calls.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace lucid::demo {

class Narrator {
 public:
  Narrator();
  ~Narrator();  // gives the trace its default sink back
  Narrator(const Narrator&) = delete;
  Narrator& operator=(const Narrator&) = delete;

  // A new act: a blank line and a title.
  void act(std::string_view title);
  // One line of the story, said by `who` ("alice", "bob", or "demo").
  void say(std::string_view who, std::string_view layer, std::string_view text);
  // Time since the narrator started.
  std::chrono::microseconds elapsed() const;

 private:
  void on_trace(std::string_view layer, std::string_view line);

  std::chrono::steady_clock::time_point start_;
};

}  // namespace lucid::demo
