#include "support/sim_clock.h"

#include <algorithm>
#include <atomic>

namespace lucid::test {
namespace {
// The furthest the fake wall clock has been, shared by every run in the process.
std::atomic<Timestamp::rep> latest_wall{0};

void move_wall_to_at_least(Timestamp t) {
  Timestamp::rep seen = latest_wall.load();
  while (seen < t.time_since_epoch().count() &&
         !latest_wall.compare_exchange_weak(seen, t.time_since_epoch().count())) {
  }
}
}  // namespace

SimClock::SimClock(Timestamp start, std::optional<Timestamp> wall_start)
    : start_(start), now_(start) {
  if (wall_start) {
    latest_wall = wall_start->time_since_epoch().count();
    wall_start_ = *wall_start;
  } else {
    wall_start_ = fake_wall_time();
  }
}

SimClock SimClock::after_last_run() {
  SimClock clock;
  clock.start_ = clock.now_ = clock.wall_start_ = fake_wall_time();
  return clock;
}

void SimClock::advance_to(Timestamp t) {
  now_ = std::max(now_, t);
  move_wall_to_at_least(wall_start_ + (now_ - start_));
}

Timestamp fake_wall_time() { return Timestamp(Duration(latest_wall.load())); }

}  // namespace lucid::test
