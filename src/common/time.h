// Time, as the caller gives it (sans-IO, shared/DESIGN.md).
//
// No layer reads a clock. Every input carries `now`, and a layer says when it next needs to run
// with poll_timeout(). Tests pass a fake clock that they move by hand; only src/net and the
// examples turn std::chrono::steady_clock into a Timestamp (see from_steady()).
#pragma once

#include <chrono>
#include <cstdint>

namespace lucid {

// A clock with no now(): a Timestamp can only come from the caller.
struct SansIoClock {
  using duration = std::chrono::microseconds;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<SansIoClock>;
  static constexpr bool is_steady = true;
};

using Duration = std::chrono::microseconds;
using Timestamp = SansIoClock::time_point;

using namespace std::chrono_literals;

// Timestamp at `ms` milliseconds after the epoch of the run; convenient in tests.
constexpr Timestamp at_ms(std::int64_t ms) { return Timestamp(std::chrono::milliseconds(ms)); }

// Milliseconds since the epoch of the run, for traces and test assertions.
constexpr std::int64_t to_ms(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// For src/net and the examples only: the real steady clock expressed as a Timestamp.
inline Timestamp from_steady(std::chrono::steady_clock::time_point t) {
  return Timestamp(std::chrono::duration_cast<Duration>(t.time_since_epoch()));
}

}  // namespace lucid
