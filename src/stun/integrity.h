// MESSAGE-INTEGRITY and MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.5, §14.6): an HMAC keyed with the
// credentials' key over the message up to the attribute, proving the sender knows the password.
//
// The subtle rule (§14.5): the HMAC covers the header with its length field set as if the
// integrity attribute were the last one, i.e. counting the attribute itself but nothing after
// it (not a FINGERPRINT that follows). encode() computes it that way; verify_integrity() patches
// the length in a copy of the received header before recomputing.
#pragma once

#include "common/bytes.h"
#include "common/result.h"
#include "stun/message.h"

namespace lucid::stun {

Bytes hmac_sha1(BytesView key, BytesView data);    // 20 bytes
Bytes hmac_sha256(BytesView key, BytesView data);  // 32 bytes

// Checks the integrity of a parsed message with `key`: MESSAGE-INTEGRITY if present, and
// MESSAGE-INTEGRITY-SHA256 if present. An Error says which one is missing or does not match.
// A message with neither is an Error ("no MESSAGE-INTEGRITY").
Status verify_integrity(const Message& parsed, BytesView key);

// Whether the message carries MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256 at all.
bool has_integrity(const Message& message);

}  // namespace lucid::stun
