// The certificate whose fingerprint goes into our SDP (a=fingerprint, RFC 8122 §5; RFC 8827 §6.5:
// WebRTC endpoints authenticate DTLS with self-signed certificates named by their fingerprint).
//
// TEMPORARY HOME: this moves to src/dtls in the DTLS issue, where the same certificate signs the
// DTLS handshake. It is here so that the descriptions lucid writes before DTLS exists carry a
// real fingerprint of a real certificate, not a made-up string.
#pragma once

#include <memory>
#include <string>

#include "common/bytes.h"

// OpenSSL's handle types, without including OpenSSL in our header.
struct evp_pkey_st;
struct x509_st;

namespace lucid {

class Certificate {
 public:
  // A fresh self-signed ECDSA P-256 certificate (the key type browsers generate by default),
  // valid for 30 days, subject CN=lucid. Throws std::runtime_error if OpenSSL fails.
  static Certificate generate();

  // The DER encoding, what the fingerprint is computed over (RFC 8122 §5).
  Bytes der() const;
  // SHA-256 of der(): the digest of a=fingerprint:sha-256.
  Bytes sha256_fingerprint() const;

 private:
  struct KeyDeleter { void operator()(evp_pkey_st* key) const; };
  struct X509Deleter { void operator()(x509_st* cert) const; };
  Certificate() = default;

  std::shared_ptr<evp_pkey_st> key_;  // shared: copies of a Certificate name the same key
  std::shared_ptr<x509_st> cert_;
};

}  // namespace lucid
