#include "support/seeded_usrsctp_random.h"

#include <cstddef>
#include <mutex>
#include <random>

namespace {
std::mutex engine_mutex;
std::mt19937_64 engine;
}  // namespace

namespace lucid::test {
void seed_usrsctp_random(std::uint64_t seed) {
  std::lock_guard guard(engine_mutex);
  engine.seed(seed);
}
}  // namespace lucid::test

// Replaces usrsctp's read_random (user_environment.c) in this executable.
extern "C" void read_random(void* buffer, std::size_t size) {
  std::lock_guard guard(engine_mutex);
  auto* out = static_cast<unsigned char*>(buffer);
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<unsigned char>(engine() >> 56);
}
