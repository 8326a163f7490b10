// DTLS-SRTP: the SRTP master keys that come out of the DTLS handshake (RFC 5764 §4.1.2, §4.2).
//
// Media is not sent over DTLS. The handshake only agrees on an SRTP protection profile (the
// use_srtp extension) and a master secret; both sides then export the same keying material from
// it, cut it into four pieces, and hand them to SRTP (src/srtp):
//
//   export(label "EXTRACTOR-dtls_srtp", 2*(key+salt) bytes) =
//     client_write_key | server_write_key | client_write_salt | server_write_salt
//
// The DTLS client protects what it sends with the client_write pair and the server with the
// server_write pair; each side unprotects with the other's.
#pragma once

#include <openssl/types.h>

#include <optional>
#include <string_view>

#include "common/bytes.h"
#include "dtls/role.h"

namespace lucid::dtls {

// The profiles lucid offers, in order of preference (RFC 5764 §4.1.2, RFC 7714 §14.2).
enum class SrtpProfile { AeadAes128Gcm, Aes128CmHmacSha1_80 };

// OpenSSL's and the IANA registry's names: "SRTP_AEAD_AES_128_GCM", "SRTP_AES128_CM_SHA1_80".
std::string_view to_string(SrtpProfile profile);

// What use_srtp offers, as OpenSSL's profile list (AES-GCM first: cheaper and authenticated).
inline constexpr const char* kSrtpProfileList = "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80";

struct SrtpKeys {
  SrtpProfile profile = SrtpProfile::AeadAes128Gcm;
  Bytes client_write_key;
  Bytes server_write_key;
  Bytes client_write_salt;
  Bytes server_write_salt;

  // The pair a side protects its outgoing packets with, and the pair it unprotects with.
  const Bytes& local_key(Role role) const {
    return role == Role::Client ? client_write_key : server_write_key;
  }
  const Bytes& local_salt(Role role) const {
    return role == Role::Client ? client_write_salt : server_write_salt;
  }
  const Bytes& remote_key(Role role) const {
    return role == Role::Client ? server_write_key : client_write_key;
  }
  const Bytes& remote_salt(Role role) const {
    return role == Role::Client ? server_write_salt : client_write_salt;
  }

  friend bool operator==(const SrtpKeys&, const SrtpKeys&) = default;
};

namespace detail {
// After the handshake: the negotiated profile's keys, or nothing when the peer did not agree to
// use_srtp (a data-channel-only peer such as `openssl s_client` may not).
std::optional<SrtpKeys> export_srtp_keys(SSL* ssl);
}  // namespace detail

}  // namespace lucid::dtls
