// RTP header extensions in the two forms of RFC 8285: one-byte (§4.2) and two-byte (§4.3).
//
// RFC 3550 §5.3.1 allows one extension block after the CSRCs: a 16-bit "defined by profile"
// word, a length in 32-bit words, then the data. RFC 8285 fills that block with a list of
// small elements, each with a local id negotiated in SDP (a=extmap:ID URI):
//
//   one-byte form, profile 0xBEDE:   | ID (4 bits) | L (4 bits) | data (L+1 bytes) |
//     ids 1-14, 1-16 bytes each; id 0 is padding (a zero byte), id 15 stops the parse.
//   two-byte form, profile 0x100x:   | ID (8 bits) | L (8 bits) | data (L bytes)   |
//     ids 1-255, 0-255 bytes each; id 0 is padding. The low 4 bits of 0x100x are "appbits".
//
// The block is padded with zeros to a multiple of 4 bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"

namespace lucid::rtp {

// RFC 8285 §4.2 and §4.3: the "defined by profile" values of the two forms.
inline constexpr std::uint16_t kOneByteProfile = 0xBEDE;
inline constexpr std::uint16_t kTwoByteProfile = 0x1000;  // the top 12 bits; 4 appbits follow

// One element: its negotiated id and its data.
struct ExtensionElement {
  std::uint8_t id = 0;
  Bytes data;
  friend bool operator==(const ExtensionElement&, const ExtensionElement&) = default;
};

// The whole extension block of one packet. An RFC 8285 block is kept as its elements; any
// other profile (RFC 3550 allows one) is kept as raw bytes so that it serializes unchanged.
struct HeaderExtension {
  std::uint16_t profile = kOneByteProfile;  // 0xBEDE, 0x100X, or anything else
  std::vector<ExtensionElement> elements;   // when profile is one of RFC 8285's
  Bytes raw;                                // when it is not

  bool is_one_byte() const { return profile == kOneByteProfile; }
  bool is_two_byte() const { return (profile & 0xFFF0) == kTwoByteProfile; }
  // The element with this id, if the block has one.
  const ExtensionElement* find(std::uint8_t id) const;

  friend bool operator==(const HeaderExtension&, const HeaderExtension&) = default;
};

// Which form elements need: one-byte when every id is 1-14 and every element 1-16 bytes long
// (RFC 8285 §4.2), else two-byte (§4.3).
bool fits_one_byte(const std::vector<ExtensionElement>& elements);

// Reads a block's data (after the profile and length words); `profile` picks the form.
Result<HeaderExtension> parse_extension(std::uint16_t profile, BytesView data);
// Writes profile, length and data, padded to 32-bit words. Refuses elements the form cannot
// carry (an id or length out of range) with an Error.
Result<Bytes> serialize_extension(const HeaderExtension& extension);

}  // namespace lucid::rtp
