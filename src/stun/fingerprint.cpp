#include "stun/fingerprint.h"

#include <array>

namespace lucid::stun {

namespace {

// The table for the reflected CRC-32 polynomial 0xEDB88320, one entry per byte value,
// built at compile time: entry n is the CRC remainder of the single byte n.
constexpr std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}

constexpr std::array<std::uint32_t, 256> kCrcTable = make_crc_table();

}  // namespace

std::uint32_t crc32(BytesView data) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (std::uint8_t byte : data) crc = kCrcTable[(crc ^ byte) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

// RFC 8489 §14.7: "the CRC-32 of the STUN message up to (but excluding) the FINGERPRINT
// attribute itself, XOR'ed with the 32-bit value 0x5354554e".
std::uint32_t fingerprint_of(BytesView message_before_fingerprint) {
  return crc32(message_before_fingerprint) ^ kFingerprintXor;
}

}  // namespace lucid::stun
