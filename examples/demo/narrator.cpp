#include "narrator.h"

#include <cstdio>

#include "common/trace.h"

namespace lucid::demo {

Narrator::Narrator() : start_(std::chrono::steady_clock::now()) {
  trace::set_sink([this](std::string_view layer, std::string_view line) { on_trace(layer, line); });
}

Narrator::~Narrator() { trace::reset_sink(); }

std::chrono::microseconds Narrator::elapsed() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                               start_);
}

void Narrator::act(std::string_view title) {
  std::printf("\n== %.*s\n", static_cast<int>(title.size()), title.data());
  std::fflush(stdout);
}

void Narrator::say(std::string_view who, std::string_view layer, std::string_view text) {
  const double ms = static_cast<double>(elapsed().count()) / 1000.0;
  std::printf("%9.3f ms  %-5.*s  %-4.*s  %.*s\n", ms, static_cast<int>(who.size()), who.data(),
              static_cast<int>(layer.size()), layer.data(), static_cast<int>(text.size()),
              text.data());
  std::fflush(stdout);
}

void Narrator::on_trace(std::string_view layer, std::string_view line) {
  // Some layers (ice, pc) already start their lines with the connection's name; the narrator
  // prints the name in its own column instead.
  const std::string_view who = trace::current_peer();
  if (!who.empty() && line.size() > who.size() + 2 && line.substr(0, who.size()) == who &&
      line.substr(who.size(), 2) == ": ")
    line.remove_prefix(who.size() + 2);
  say(who.empty() ? "-" : who, layer, line);
}

}  // namespace lucid::demo
