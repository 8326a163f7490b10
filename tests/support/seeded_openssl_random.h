// OpenSSL's randomness drawn from a seed, for a test that must see the same DTLS bytes twice.
//
// OpenSSL 3.0 still honours a legacy RAND_METHOD set with RAND_set_rand_method(): RAND_bytes_ex
// and RAND_priv_bytes_ex, which the TLS code (hello randoms, session ids), key generation
// (ECDHE) and ECDSA signing nonces go through, hand the request to it. While one of these lives,
// every byte OpenSSL draws comes from a std::mt19937_64 with the given seed; the destructor puts
// OpenSSL's own DRBG back. Tests only: nothing drawn this way is secret.
#pragma once

#include <cstdint>

namespace lucid::test {

class SeededOpenSslRandom {
 public:
  explicit SeededOpenSslRandom(std::uint64_t seed);
  ~SeededOpenSslRandom();
  SeededOpenSslRandom(const SeededOpenSslRandom&) = delete;
  SeededOpenSslRandom& operator=(const SeededOpenSslRandom&) = delete;
};

}  // namespace lucid::test
