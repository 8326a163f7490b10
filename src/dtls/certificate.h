// The DTLS certificate of one PeerConnection: ECDSA P-256, self-signed (RFC 8827 §6.5, RFC 8122).
//
// Nobody signs a WebRTC certificate; it only has to hold a key, and its hash goes into the SDP as
// a=fingerprint. lucid generates one per PeerConnection unless the user supplies one (the W3C
// RTCPeerConnection's `certificates` option), so a user can keep the same fingerprint across
// sessions.
#pragma once

#include <openssl/types.h>

#include <span>
#include <string>
#include <string_view>

#include "common/random.h"
#include "common/result.h"
#include "dtls/fingerprint.h"
#include "dtls/openssl.h"

namespace lucid::dtls {

class Certificate {
 public:
  // A fresh ECDSA P-256 key and a self-signed X.509 v3 certificate for it: random 64-bit serial,
  // common name `common_name`, valid from a day ago (tolerates clock skew) for 30 days.
  // Throws std::runtime_error only if OpenSSL cannot make keys at all.
  static Certificate generate(Random& random = crypto_random(),
                              std::string_view common_name = "lucid");

  // A certificate the user supplies, as PEM text (certificate and its private key).
  static Result<Certificate> from_pem(std::string_view certificate_pem,
                                      std::string_view private_key_pem);

  // The hash of the DER certificate, as it goes into a=fingerprint (sha-256 by default).
  Fingerprint fingerprint(HashFunction hash = HashFunction::Sha256) const;

  // PEM text, e.g. to hand the same certificate to `openssl s_server -cert ... -key ...`.
  std::string certificate_pem() const;
  std::string private_key_pem() const;

  // The OpenSSL objects, for dtls::Transport. The Certificate keeps ownership.
  X509* x509() const { return x509_.get(); }
  EVP_PKEY* private_key() const { return key_.get(); }

  // Copies share the same OpenSSL objects (reference counted).
  Certificate(const Certificate& other);
  Certificate& operator=(const Certificate& other);
  Certificate(Certificate&&) noexcept = default;
  Certificate& operator=(Certificate&&) noexcept = default;
  ~Certificate() = default;

 private:
  Certificate(detail::OpenSslPtr<X509> x509, detail::OpenSslPtr<EVP_PKEY> key);

  detail::OpenSslPtr<X509> x509_;
  detail::OpenSslPtr<EVP_PKEY> key_;
};

// The fingerprint of any certificate (the peer's, during the handshake).
Fingerprint fingerprint_of(X509* certificate, HashFunction hash);

// RFC 8122 §5: with several a=fingerprint lines, use the ones with the most preferred (strongest)
// hash function and accept the certificate if it matches one of them. A failure reads
// "fingerprint mismatch: ..." and names both hashes.
Status check_fingerprint(X509* certificate, std::span<const Fingerprint> expected);

}  // namespace lucid::dtls
