// A throwaway DTLS identity for the interop test programs, until src/dtls exists: a fresh
// self-signed ECDSA P-256 certificate (what browsers generate by default, RFC 8827 §6.5) and
// its SHA-256 fingerprint for a=fingerprint (RFC 8122 §5). Nothing here does DTLS; the browser
// only needs a well-formed fingerprint to accept a description.
#pragma once

#include <cstdint>
#include <vector>

namespace lucid::interop {

// The SHA-256 digest of the DER encoding of a new self-signed ECDSA P-256 certificate
// (CN=lucid, valid from yesterday for 30 days). Throws std::runtime_error if OpenSSL fails.
std::vector<std::uint8_t> self_signed_certificate_sha256();

}  // namespace lucid::interop
