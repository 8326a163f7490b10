// The fake time of one simulated run, and the process's fake wall clock that follows it.
//
// lucid itself reads no clock: every call takes `now`. OpenSSL (DTLS retransmissions) and usrsctp
// (RTT samples, which chunks a T3-rtx timeout resends) read gettimeofday() anyway. A test binary
// that links the lucid_test_fake_wall_clock library gets a gettimeofday() that returns the fake
// wall time kept here (fake_wall_clock.h), so those timers follow simulated time too; in any
// other binary the fake wall time is kept and nobody reads it.
//
// usrsctp is one process-wide stack whose timers outlive a single test, so the fake wall clock
// never goes back: a run starts the wall clock where the last run left it, and when runs go on
// in several threads at once it follows the one furthest ahead.
#pragma once

#include <cstdint>
#include <optional>

#include "common/time.h"

namespace lucid::test {

class SimClock {
 public:
  // A run whose own time starts at `start`. `wall_start`, when given, is where the fake wall
  // clock starts (and may go back to): only for a run that must see the same wall times as an
  // earlier run in this process, after every usrsctp association of that run is gone.
  explicit SimClock(Timestamp start = at_ms(0), std::optional<Timestamp> wall_start = {});
  // A run whose own time starts where the process's time line stands (its wall time is its own
  // time): for runs with SCTP associations, since usrsctp's one clock (UsrsctpLibrary) does not
  // go back while any association lives.
  static SimClock after_last_run();

  Timestamp now() const { return now_; }
  // Moves time on to `t` (never back) and the fake wall clock with it.
  void advance_to(Timestamp t);

 private:
  Timestamp start_;
  Timestamp now_;
  Timestamp wall_start_;
};

// The fake wall time, as time since the fake epoch (fake_wall_clock.cpp adds a real-looking date).
Timestamp fake_wall_time();

}  // namespace lucid::test
