#include "support/fake_wall_clock.h"

#include <sys/time.h>

#include <cstdint>

namespace {
// 2026-01-01T00:00:00Z, in microseconds.
constexpr std::int64_t kEpochMicros = 1767225600LL * 1000000;
}  // namespace

// Replaces the C library's gettimeofday in this executable; libssl's and libusrsctp's calls
// resolve to this one.
extern "C" int gettimeofday(struct timeval* __restrict tv, void* __restrict) noexcept {
  const std::int64_t micros =
      kEpochMicros + lucid::test::fake_wall_time().time_since_epoch().count();
  tv->tv_sec = static_cast<time_t>(micros / 1000000);
  tv->tv_usec = static_cast<suseconds_t>(micros % 1000000);
  return 0;
}
