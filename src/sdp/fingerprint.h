// The certificate fingerprint attribute (RFC 8122 §5, used by DTLS-SRTP RFC 5763 §5 and by data
// channels RFC 8841): "a=fingerprint:sha-256 4A:AD:B9:...". It is how the two peers know whose
// certificate to expect in the DTLS handshake; sdp only formats it, dtls computes and checks it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"

namespace lucid::sdp {

struct Fingerprint {
  std::string hash_function;  // lower case: "sha-256" (the name is case-insensitive)
  Bytes value;                // the digest of the DER certificate

  // Parses "sha-256 4A:AD:..." (the attribute value). The hash function must be one RFC 8122
  // §5 lists (sha-1, sha-224, sha-256, sha-384, sha-512, md5, md2) and the digest its length.
  static Result<Fingerprint> parse(std::string_view attribute_value);
  // "sha-256 4A:AD:B9:..." with upper-case hex, as RFC 8122 §5's UHEX asks.
  std::string to_string() const;
  // Just the "4A:AD:B9:..." part.
  std::string hex() const;

  bool operator==(const Fingerprint&) const = default;
};

// The digest length in bytes of a hash function named in RFC 8122 §5 ("sha-256" -> 32),
// or 0 when the name is not one of them. Case-insensitive.
std::size_t digest_size(std::string_view hash_function);

}  // namespace lucid::sdp
