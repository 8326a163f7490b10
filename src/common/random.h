// Randomness: transaction ids, ICE credentials, tie-breakers, certificate serials.
//
// Real use draws from OpenSSL's RAND_bytes (CryptoRandom). Tests use SeededRandom so that every
// run of a test is the same run. Layers take a `Random&` instead of calling a global.
#pragma once

#include <cstdint>
#include <random>
#include <span>

namespace lucid {

class Random {
 public:
  virtual ~Random() = default;
  virtual void fill(std::span<std::uint8_t> out) = 0;

  std::uint32_t next_u32();
  std::uint64_t next_u64();
  // A uniformly chosen integer in [low, high].
  std::uint64_t uniform(std::uint64_t low, std::uint64_t high);
};

// Cryptographically strong randomness from OpenSSL (RAND_bytes).
class CryptoRandom final : public Random {
 public:
  void fill(std::span<std::uint8_t> out) override;
};

// Reproducible randomness for tests and for deterministic runs under a debugger.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(std::uint64_t seed) : engine_(seed) {}
  void fill(std::span<std::uint8_t> out) override;

 private:
  std::mt19937_64 engine_;
};

// A process-wide CryptoRandom, for callers that have no Random of their own.
Random& crypto_random();

}  // namespace lucid
