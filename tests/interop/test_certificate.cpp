#include "interop/test_certificate.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include <memory>
#include <stdexcept>

namespace lucid::interop {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using PKey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Certificate = std::unique_ptr<X509, Deleter<X509, X509_free>>;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("OpenSSL: ") + what + " failed");
}

}  // namespace

std::vector<std::uint8_t> self_signed_certificate_sha256() {
  PKey key(EVP_EC_gen("P-256"));
  check(key != nullptr, "EVP_EC_gen(P-256)");

  Certificate cert(X509_new());
  check(cert != nullptr, "X509_new");
  check(X509_set_version(cert.get(), X509_VERSION_3), "X509_set_version");
  // A random positive serial, as browsers use, so that two runs never present the same one.
  std::uint8_t serial[8];
  check(RAND_bytes(serial, sizeof serial) == 1, "RAND_bytes");
  serial[0] &= 0x7f;
  std::uint64_t serial_value = 0;
  for (std::uint8_t b : serial) serial_value = (serial_value << 8) | b;
  check(ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert.get()), serial_value), "serial number");
  check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -24 * 3600) != nullptr, "notBefore");
  check(X509_gmtime_adj(X509_getm_notAfter(cert.get()), 30L * 24 * 3600) != nullptr, "notAfter");
  X509_NAME* name = X509_get_subject_name(cert.get());
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("lucid"), -1, -1, 0),
        "subject CN");
  check(X509_set_issuer_name(cert.get(), name), "issuer");  // self-signed: issuer = subject
  check(X509_set_pubkey(cert.get(), key.get()), "X509_set_pubkey");
  check(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "X509_sign");

  // RFC 8122 §5: the fingerprint is the hash of the certificate's DER form.
  std::vector<std::uint8_t> digest(EVP_MAX_MD_SIZE);
  unsigned int length = 0;
  check(X509_digest(cert.get(), EVP_sha256(), digest.data(), &length), "X509_digest");
  digest.resize(length);
  return digest;
}

}  // namespace lucid::interop
