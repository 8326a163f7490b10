// The simulated clock drives the fake wall clock that OpenSSL and usrsctp read (fake_wall_clock.h).
#include "support/sim_clock.h"

#include <catch2/catch.hpp>

using namespace lucid;
using namespace lucid::test;
using namespace std::chrono_literals;

TEST_CASE("sim clock: the fake wall clock moves with simulated time and never goes back") {
  SimClock first;
  const Timestamp wall_at_start = fake_wall_time();
  first.advance_to(at_ms(1500));
  CHECK(first.now() == at_ms(1500));
  CHECK(fake_wall_time() == wall_at_start + 1500ms);
  first.advance_to(at_ms(1000));  // asked to go back: time stays
  CHECK(first.now() == at_ms(1500));
  CHECK(fake_wall_time() == wall_at_start + 1500ms);

  // A later run starts at 0 of its own time, and the wall clock goes on from where it was.
  SimClock second;
  second.advance_to(at_ms(200));
  CHECK(second.now() == at_ms(200));
  CHECK(fake_wall_time() == wall_at_start + 1700ms);
}

TEST_CASE("sim clock: two runs given the same wall start see the same wall times") {
  auto wall_times = [] {
    SimClock clock(at_ms(0), at_ms(5000));
    std::vector<Timestamp> seen{fake_wall_time()};
    for (int i = 1; i <= 3; ++i) {
      clock.advance_to(at_ms(100 * i));
      seen.push_back(fake_wall_time());
    }
    return seen;
  };
  const auto first = wall_times();
  CHECK(first == std::vector<Timestamp>{at_ms(5000), at_ms(5100), at_ms(5200), at_ms(5300)});
  CHECK(wall_times() == first);
}
