#include "peer/certificate.h"

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <stdexcept>
#include <string>

#include "common/random.h"

namespace lucid {
namespace {
[[noreturn]] void openssl_failed(const char* what) {
  throw std::runtime_error(std::string("certificate: OpenSSL failed in ") + what);
}
}  // namespace

void Certificate::KeyDeleter::operator()(evp_pkey_st* key) const { EVP_PKEY_free(key); }
void Certificate::X509Deleter::operator()(x509_st* cert) const { X509_free(cert); }

Certificate Certificate::generate() {
  Certificate c;
  EVP_PKEY* key = EVP_EC_gen("P-256");
  if (key == nullptr) openssl_failed("EVP_EC_gen");
  c.key_.reset(key, KeyDeleter{});

  X509* cert = X509_new();
  if (cert == nullptr) openssl_failed("X509_new");
  c.cert_.reset(cert, X509Deleter{});

  X509_set_version(cert, X509_VERSION_3);
  // A random positive serial (RFC 5280 §4.1.2.2: unique per issuer; we are our own issuer).
  ASN1_INTEGER_set_int64(X509_get_serialNumber(cert),
                         static_cast<std::int64_t>(crypto_random().next_u32() & 0x7fffffff));
  // Valid from a day ago (clock skew between peers) for 30 days.
  X509_gmtime_adj(X509_getm_notBefore(cert), -24L * 3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 30L * 24 * 3600);

  X509_NAME* name = X509_get_subject_name(cert);
  const unsigned char cn[] = "lucid";
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, cn, -1, -1, 0);
  X509_set_issuer_name(cert, name);  // self-signed
  if (X509_set_pubkey(cert, key) != 1) openssl_failed("X509_set_pubkey");
  if (X509_sign(cert, key, EVP_sha256()) == 0) openssl_failed("X509_sign");
  return c;
}

Bytes Certificate::der() const {
  const int length = i2d_X509(cert_.get(), nullptr);
  if (length <= 0) openssl_failed("i2d_X509");
  Bytes out(static_cast<std::size_t>(length));
  unsigned char* p = out.data();
  i2d_X509(cert_.get(), &p);
  return out;
}

Bytes Certificate::sha256_fingerprint() const {
  const Bytes encoded = der();
  Bytes digest(EVP_MAX_MD_SIZE);
  unsigned int length = 0;
  if (EVP_Digest(encoded.data(), encoded.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
    openssl_failed("EVP_Digest");
  digest.resize(length);
  return digest;
}

}  // namespace lucid
