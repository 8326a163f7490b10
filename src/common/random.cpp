#include "common/random.h"

#include <openssl/rand.h>

#include <stdexcept>

namespace lucid {

std::uint32_t Random::next_u32() {
  std::uint8_t b[4];
  fill(b);
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
}

std::uint64_t Random::next_u64() { return (std::uint64_t{next_u32()} << 32) | next_u32(); }

std::uint64_t Random::uniform(std::uint64_t low, std::uint64_t high) {
  if (high <= low) return low;
  const std::uint64_t span = high - low;
  if (span == UINT64_MAX) return next_u64();
  // Rejection sampling, so that every value is equally likely (no modulo bias).
  const std::uint64_t range = span + 1;
  const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % range);
  std::uint64_t v;
  do v = next_u64();
  while (v >= limit);
  return low + v % range;
}

void CryptoRandom::fill(std::span<std::uint8_t> out) {
  if (out.empty()) return;
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    // Without randomness no credential or transaction id is safe; this is not a wire error.
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  }
}

void SeededRandom::fill(std::span<std::uint8_t> out) {
  for (auto& b : out) b = static_cast<std::uint8_t>(engine_() >> 56);
}

Random& crypto_random() {
  static CryptoRandom instance;
  return instance;
}

}  // namespace lucid
