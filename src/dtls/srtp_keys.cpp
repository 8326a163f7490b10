#include "dtls/srtp_keys.h"

#include <openssl/srtp.h>
#include <openssl/ssl.h>

namespace lucid::dtls {
namespace {

struct ProfileSizes {
  std::size_t key;
  std::size_t salt;
};

// RFC 5764 §4.1.2: SRTP_AES128_CM_HMAC_SHA1_80 has a 128-bit key and a 112-bit salt.
// RFC 7714 §12: AEAD_AES_128_GCM has a 128-bit key and a 96-bit salt.
ProfileSizes sizes_of(SrtpProfile profile) {
  return profile == SrtpProfile::AeadAes128Gcm ? ProfileSizes{16, 12} : ProfileSizes{16, 14};
}

}  // namespace

std::string_view to_string(SrtpProfile profile) {
  return profile == SrtpProfile::AeadAes128Gcm ? "SRTP_AEAD_AES_128_GCM"
                                                  : "SRTP_AES128_CM_SHA1_80";
}

namespace detail {

std::optional<SrtpKeys> export_srtp_keys(SSL* ssl) {
  const SRTP_PROTECTION_PROFILE* selected = SSL_get_selected_srtp_profile(ssl);
  if (selected == nullptr) return std::nullopt;
  SrtpKeys keys;
  if (selected->id == SRTP_AEAD_AES_128_GCM)
    keys.profile = SrtpProfile::AeadAes128Gcm;
  else if (selected->id == SRTP_AES128_CM_SHA1_80)
    keys.profile = SrtpProfile::Aes128CmHmacSha1_80;
  else
    return std::nullopt;  // not one lucid offered; cannot happen with a conforming peer

  const auto [key, salt] = sizes_of(keys.profile);
  Bytes material(2 * (key + salt));
  // RFC 5764 §4.2: the keying material exporter (RFC 5705) with label "EXTRACTOR-dtls_srtp" and
  // no context.
  static constexpr char kLabel[] = "EXTRACTOR-dtls_srtp";
  if (SSL_export_keying_material(ssl, material.data(), material.size(), kLabel, sizeof kLabel - 1,
                                 nullptr, 0, 0) != 1)
    return std::nullopt;

  auto take = [&material, offset = std::size_t{0}](std::size_t n) mutable {
    Bytes part(material.begin() + static_cast<std::ptrdiff_t>(offset),
               material.begin() + static_cast<std::ptrdiff_t>(offset + n));
    offset += n;
    return part;
  };
  keys.client_write_key = take(key);
  keys.server_write_key = take(key);
  keys.client_write_salt = take(salt);
  keys.server_write_salt = take(salt);
  return keys;
}

}  // namespace detail
}  // namespace lucid::dtls
