#include <catch2/catch.hpp>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>

#include "peer/certificate.h"

using namespace lucid;

TEST_CASE("a generated certificate is a self-signed ECDSA P-256 certificate") {
  const Certificate c = Certificate::generate();
  const Bytes der = c.der();
  const unsigned char* p = der.data();
  std::unique_ptr<X509, decltype(&X509_free)> cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())), &X509_free);
  REQUIRE(cert != nullptr);
  EVP_PKEY* key = X509_get0_pubkey(cert.get());
  REQUIRE(key != nullptr);
  CHECK(EVP_PKEY_is_a(key, "EC"));
  char group[64] = {};
  size_t length = 0;
  REQUIRE(EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof group, &length) == 1);
  CHECK(std::string(group) == "prime256v1");
  CHECK(X509_verify(cert.get(), key) == 1);  // signed by its own key
}

TEST_CASE("the fingerprint is the SHA-256 of the DER certificate") {
  const Certificate c = Certificate::generate();
  const Bytes der = c.der();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  REQUIRE(EVP_Digest(der.data(), der.size(), digest, &length, EVP_sha256(), nullptr) == 1);
  CHECK(c.sha256_fingerprint() == Bytes(digest, digest + length));
  CHECK(c.sha256_fingerprint().size() == 32);
}

TEST_CASE("two generated certificates have different fingerprints") {
  CHECK(Certificate::generate().sha256_fingerprint() != Certificate::generate().sha256_fingerprint());
}
