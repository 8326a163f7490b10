// The certificate fingerprint that SDP carries in a=fingerprint (RFC 8122 §5).
//
// WebRTC certificates are self-signed, so nobody vouches for them. What ties the DTLS handshake to
// the person you are signalling with is this hash: each side puts the hash of its certificate in
// its SDP, and during the handshake checks that the certificate the peer presents hashes to the
// value in the peer's SDP (RFC 5763 §5, RFC 8827 §6.5).
//
//   a=fingerprint:sha-256 AB:CD:...:EF      <- Fingerprint::to_sdp() writes the part after ':'
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"

namespace lucid::dtls {

// The hash functions lucid accepts in a=fingerprint. RFC 8122 §5 also lists md2, md5 and
// sha-224; md2/md5 are broken and nobody sends sha-224, so those are refused when parsed.
enum class HashFunction { Sha1, Sha256, Sha384, Sha512 };

// The SDP name: "sha-1", "sha-256", "sha-384", "sha-512".
std::string_view to_string(HashFunction hash);
// Length of the digest in bytes (20, 32, 48, 64).
std::size_t digest_size(HashFunction hash);
// Ranks hash functions by strength, for RFC 8122 §5's "most preferred hash function" rule.
int strength(HashFunction hash);

struct Fingerprint {
  HashFunction hash = HashFunction::Sha256;
  Bytes value;  // the digest of the DER-encoded certificate

  // "sha-256 AB:CD:..." — upper-case hex pairs joined by colons (RFC 8122 §5).
  std::string to_sdp() const;

  // Parses the value of a=fingerprint: a hash name (case-insensitive), white space, and hex pairs
  // separated by colons (either case). The digest length must fit the hash function.
  static Result<Fingerprint> parse(std::string_view sdp_value);

  friend bool operator==(const Fingerprint&, const Fingerprint&) = default;
};

}  // namespace lucid::dtls
