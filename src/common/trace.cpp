#include "common/trace.h"

#include <cstdlib>
#include <iostream>
#include <mutex>
#include <set>

namespace lucid::trace {
namespace {

// The trace may be used from the event loop thread and from the application's threads.
struct State {
  std::mutex mutex;
  std::set<std::string, std::less<>> layers;
  bool all = false;
  Sink sink;
};

void add_layers(State& s, std::string_view list) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == "all" || item == "*") s.all = true;
    else if (!item.empty()) s.layers.emplace(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

State& state() {
  // Read LUCID_TRACE once, the first time the trace is touched.
  static State* s = [] {
    auto* st = new State;  // never destroyed: traces may run during static destruction
    if (const char* env = std::getenv("LUCID_TRACE")) add_layers(*st, env);
    return st;
  }();
  return *s;
}

// One per thread: each event loop thread drives its own connections.
thread_local std::string current_peer_name;

}  // namespace

std::string_view current_peer() { return current_peer_name; }

PeerScope::PeerScope(std::string name) : previous_(std::move(current_peer_name)) {
  current_peer_name = std::move(name);
}

PeerScope::~PeerScope() { current_peer_name = std::move(previous_); }

void enable(std::string_view layers) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  add_layers(s, layers);
}

void disable_all() {
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.layers.clear();
  s.all = false;
}

bool enabled(std::string_view layer) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  return s.all || s.layers.find(layer) != s.layers.end();
}

void set_sink(Sink sink) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.sink = std::move(sink);
}

void reset_sink() { set_sink(nullptr); }

void emit(std::string_view layer, std::string_view line) {
  State& s = state();
  Sink sink;
  {
    std::lock_guard lock(s.mutex);
    if (!s.all && s.layers.find(layer) == s.layers.end()) return;
    sink = s.sink;
  }
  if (sink) {
    sink(layer, line);
  } else {
    std::cerr << '[' << layer << "] " << line << '\n';
  }
}

}  // namespace lucid::trace
