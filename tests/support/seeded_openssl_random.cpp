// RAND_set_rand_method and RAND_METHOD are deprecated in OpenSSL 3.0 (a provider is the new way),
// but a provider is a module of its own; the legacy hook is two functions and does the same here.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "support/seeded_openssl_random.h"

#include <openssl/rand.h>

#include <mutex>
#include <random>
#include <stdexcept>

namespace lucid::test {
namespace {

std::mutex engine_mutex;
std::mt19937_64 engine;

int seeded_bytes(unsigned char* out, int size) {
  std::lock_guard guard(engine_mutex);
  for (int i = 0; i < size; ++i) out[i] = static_cast<unsigned char>(engine() >> 56);
  return 1;
}
int status() { return 1; }

const RAND_METHOD seeded_method = {
    nullptr,       // seed
    seeded_bytes,  // bytes
    nullptr,       // cleanup
    nullptr,       // add
    seeded_bytes,  // pseudorand
    status,        // status
};

}  // namespace

SeededOpenSslRandom::SeededOpenSslRandom(std::uint64_t seed) {
  {
    std::lock_guard guard(engine_mutex);
    engine.seed(seed);
  }
  if (RAND_set_rand_method(&seeded_method) != 1)
    throw std::runtime_error("RAND_set_rand_method refused the seeded method");
}

SeededOpenSslRandom::~SeededOpenSslRandom() { RAND_set_rand_method(RAND_OpenSSL()); }

}  // namespace lucid::test
