#include "common/trace.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <mutex>

namespace lucid::trace {

void Layers::add(std::string_view list) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == "all" || item == "*") all_ = true;
    else if (!item.empty() && !contains(item)) names_.emplace_back(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

bool Layers::contains(std::string_view layer) const {
  // A handful of short names: a linear look is as fast as any set.
  return all_ || std::find(names_.begin(), names_.end(), layer) != names_.end();
}

namespace {

// The process-wide layers. The trace may be used from the event loop thread and from the
// application's threads.
struct State {
  std::mutex mutex;
  Layers layers;
  // Whether any layer is on process-wide: read without the lock, so that enabled() costs no lock
  // in the usual case of tracing nothing or tracing only one connection.
  std::atomic<bool> any{false};
  Sink sink;
};

State& state() {
  // Read LUCID_TRACE once, the first time the trace is touched.
  static State* s = [] {
    auto* st = new State;  // never destroyed: traces may run during static destruction
    if (const char* env = std::getenv("LUCID_TRACE")) st->layers.add(env);
    st->any = !st->layers.empty();
    return st;
  }();
  return *s;
}

// One per thread: each event loop thread drives its own connections. Set by PeerScope.
thread_local std::string current_peer_name;
thread_local const Layers* current_layers = nullptr;

bool in_scope(std::string_view layer) {
  return current_layers != nullptr && current_layers->contains(layer);
}

bool process_wide(State& s, std::string_view layer) {
  if (!s.any.load(std::memory_order_relaxed)) return false;
  std::lock_guard lock(s.mutex);
  return s.layers.contains(layer);
}

}  // namespace

std::string_view current_peer() { return current_peer_name; }

PeerScope::PeerScope(std::string name) : previous_layers_(current_layers) {
  if (name.empty()) {
    previous_name_ = current_peer_name;  // the enclosing name stays
  } else {
    previous_name_ = std::move(current_peer_name);
    current_peer_name = std::move(name);
  }
}

PeerScope::PeerScope(std::string name, const Layers& layers) : PeerScope(std::move(name)) {
  current_layers = &layers;
}

PeerScope::~PeerScope() {
  current_peer_name = std::move(previous_name_);
  current_layers = previous_layers_;
}

void enable(std::string_view layers) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.layers.add(layers);
  s.any = !s.layers.empty();
}

void disable_all() {
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.layers = Layers();
  s.any = false;
}

bool enabled(std::string_view layer) { return in_scope(layer) || process_wide(state(), layer); }

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
    if (!in_scope(layer) && !s.layers.contains(layer)) return;
    sink = s.sink;
  }
  if (sink) {
    sink(layer, line);
  } else {
    std::cerr << '[' << layer << "] " << line << '\n';
  }
}

}  // namespace lucid::trace
