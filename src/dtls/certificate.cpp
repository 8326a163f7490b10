#include "dtls/certificate.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <stdexcept>

namespace lucid::dtls {
namespace {

using detail::OpenSslPtr;
using detail::throw_openssl_error;

constexpr long kOneDay = 24 * 60 * 60;
constexpr long kValidity = 30 * kOneDay;

const EVP_MD* digest_for(HashFunction hash) {
  switch (hash) {
    case HashFunction::Sha1: return EVP_sha1();
    case HashFunction::Sha256: return EVP_sha256();
    case HashFunction::Sha384: return EVP_sha384();
    case HashFunction::Sha512: return EVP_sha512();
  }
  return EVP_sha256();
}

std::string read_all(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

OpenSslPtr<BIO> memory_bio_over(std::string_view text) {
  OpenSslPtr<BIO> bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  if (!bio) throw_openssl_error("BIO_new_mem_buf");
  return bio;
}

}  // namespace

Certificate::Certificate(OpenSslPtr<X509> x509, OpenSslPtr<EVP_PKEY> key)
    : x509_(std::move(x509)), key_(std::move(key)) {}

Certificate::Certificate(const Certificate& other) { *this = other; }

Certificate& Certificate::operator=(const Certificate& other) {
  if (this == &other) return *this;
  if (other.x509_) X509_up_ref(other.x509_.get());
  if (other.key_) EVP_PKEY_up_ref(other.key_.get());
  x509_.reset(other.x509_.get());
  key_.reset(other.key_.get());
  return *this;
}

Certificate Certificate::generate(Random& random, std::string_view common_name) {
  // RFC 8827 §6.5: implementations MUST support ECDSA P-256 certificates; every browser does.
  OpenSslPtr<EVP_PKEY> key(EVP_EC_gen("P-256"));
  if (!key) throw_openssl_error("generating a P-256 key");

  OpenSslPtr<X509> x509(X509_new());
  if (!x509) throw_openssl_error("X509_new");
  X509_set_version(x509.get(), X509_VERSION_3);

  // A random serial: two certificates with the same issuer name and serial would confuse anything
  // that caches certificates. 63 bits, so the INTEGER stays positive (RFC 5280 §4.1.2.2).
  const std::uint64_t serial_value = random.next_u64() >> 1;
  OpenSslPtr<BIGNUM> serial(BN_new());
  if (!serial || !BN_set_word(serial.get(), serial_value) ||
      !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(x509.get())))
    throw_openssl_error("setting the serial number");

  // Validity is calendar time, which OpenSSL reads here itself. No WebRTC peer checks it (trust
  // comes from the fingerprint), but it must be a sane window: from a day ago, for 30 days.
  if (!X509_gmtime_adj(X509_getm_notBefore(x509.get()), -kOneDay) ||
      !X509_gmtime_adj(X509_getm_notAfter(x509.get()), kValidity))
    throw_openssl_error("setting the validity");

  // Self-signed: the subject is also the issuer.
  X509_NAME* name = X509_get_subject_name(x509.get());
  const std::string cn(common_name);
  if (!X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                  reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0) ||
      !X509_set_issuer_name(x509.get(), name) || !X509_set_pubkey(x509.get(), key.get()) ||
      !X509_sign(x509.get(), key.get(), EVP_sha256()))
    throw_openssl_error("signing the certificate");

  return Certificate(std::move(x509), std::move(key));
}

Result<Certificate> Certificate::from_pem(std::string_view certificate_pem,
                                          std::string_view private_key_pem) {
  auto cert_bio = memory_bio_over(certificate_pem);
  OpenSslPtr<X509> x509(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
  if (!x509) return fail("not a PEM certificate: " + detail::drain_openssl_errors());
  auto key_bio = memory_bio_over(private_key_pem);
  OpenSslPtr<EVP_PKEY> key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
  if (!key) return fail("not a PEM private key: " + detail::drain_openssl_errors());
  if (X509_check_private_key(x509.get(), key.get()) != 1)
    return fail("the private key does not belong to the certificate: " +
                detail::drain_openssl_errors());
  return Certificate(std::move(x509), std::move(key));
}

Fingerprint Certificate::fingerprint(HashFunction hash) const {
  return fingerprint_of(x509_.get(), hash);
}

std::string Certificate::certificate_pem() const {
  OpenSslPtr<BIO> bio(BIO_new(BIO_s_mem()));
  if (!bio || !PEM_write_bio_X509(bio.get(), x509_.get())) throw_openssl_error("writing PEM");
  return read_all(bio.get());
}

std::string Certificate::private_key_pem() const {
  OpenSslPtr<BIO> bio(BIO_new(BIO_s_mem()));
  if (!bio ||
      !PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr))
    throw_openssl_error("writing PEM");
  return read_all(bio.get());
}

Fingerprint fingerprint_of(X509* certificate, HashFunction hash) {
  // RFC 8122 §5: the fingerprint is the hash of the certificate's DER encoding.
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (!X509_digest(certificate, digest_for(hash), digest, &size))
    throw_openssl_error("X509_digest");
  return Fingerprint{hash, Bytes(digest, digest + size)};
}

Status check_fingerprint(X509* certificate, std::span<const Fingerprint> expected) {
  if (expected.empty())
    return fail("fingerprint mismatch: no a=fingerprint to check the certificate against");
  // RFC 8122 §5: "An endpoint MUST select the set of fingerprints that use its most preferred
  // hash function (out of those offered by the peer) and verify that each certificate used
  // matches one fingerprint out of that set."
  const auto strongest =
      std::max_element(expected.begin(), expected.end(), [](const auto& a, const auto& b) {
        return strength(a.hash) < strength(b.hash);
      })->hash;
  const Fingerprint actual = fingerprint_of(certificate, strongest);
  for (const auto& fp : expected)
    if (fp == actual) return Ok{};
  std::string wanted;
  for (const auto& fp : expected)
    if (fp.hash == strongest) wanted += (wanted.empty() ? "" : " or ") + fp.to_sdp();
  return fail("fingerprint mismatch: the peer's certificate hashes to " + actual.to_sdp() +
              " but its SDP says " + wanted);
}

}  // namespace lucid::dtls
