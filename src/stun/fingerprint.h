// FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message XOR 0x5354554e ("STUN" in ASCII).
//
// The CRC is the one of ISO/IEC 13239 / IEEE 802.3 (the zlib/PNG CRC-32). It is written here
// rather than borrowed so that a learner can see all of it; the XOR makes a STUN fingerprint
// differ from the CRC another protocol might carry in the same place.
#pragma once

#include <cstdint>

#include "common/bytes.h"

namespace lucid::stun {

inline constexpr std::uint32_t kFingerprintXor = 0x5354554e;

// CRC-32 (reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF).
// crc32("123456789") == 0xCBF43926, the standard check value.
std::uint32_t crc32(BytesView data);

// The FINGERPRINT value for `message_before_fingerprint`: every byte of the message that comes
// before the FINGERPRINT attribute, with the header's length already covering FINGERPRINT.
std::uint32_t fingerprint_of(BytesView message_before_fingerprint);

}  // namespace lucid::stun
