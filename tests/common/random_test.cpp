#include <catch2/catch.hpp>

#include <cstring>

#include "common/random.h"

using namespace lucid;

TEST_CASE("seeded randomness repeats for the same seed and differs for another") {
  SeededRandom a(42), b(42), c(43);
  const auto x = a.next_u64();
  CHECK(x == b.next_u64());
  CHECK(x != c.next_u64());
}

TEST_CASE("uniform stays inside its bounds and reaches both ends") {
  SeededRandom r(7);
  bool saw_low = false, saw_high = false;
  for (int i = 0; i < 2000; ++i) {
    const auto v = r.uniform(3, 6);
    REQUIRE(v >= 3);
    REQUIRE(v <= 6);
    saw_low |= v == 3;
    saw_high |= v == 6;
  }
  CHECK(saw_low);
  CHECK(saw_high);
  CHECK(r.uniform(5, 5) == 5);
}

TEST_CASE("crypto randomness fills the buffer and does not repeat") {
  std::uint8_t a[16] = {}, b[16] = {};
  crypto_random().fill(a);
  crypto_random().fill(b);
  CHECK(std::memcmp(a, b, sizeof a) != 0);
}
