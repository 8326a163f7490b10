#include "rtp/header_extension.h"

#include <string>

namespace lucid::rtp {
namespace {

std::string at(std::size_t offset) { return "extension byte " + std::to_string(offset); }

}  // namespace

const ExtensionElement* HeaderExtension::find(std::uint8_t id) const {
  for (const ExtensionElement& e : elements)
    if (e.id == id) return &e;
  return nullptr;
}

bool fits_one_byte(const std::vector<ExtensionElement>& elements) {
  for (const ExtensionElement& e : elements)
    if (e.id < 1 || e.id > 14 || e.data.empty() || e.data.size() > 16) return false;
  return true;
}

Result<HeaderExtension> parse_extension(std::uint16_t profile, BytesView data) {
  HeaderExtension out;
  out.profile = profile;
  if (!out.is_one_byte() && !out.is_two_byte()) {
    // RFC 3550 §5.3.1: a profile of someone else's; lucid carries it untouched.
    out.raw.assign(data.begin(), data.end());
    return out;
  }
  std::size_t i = 0;
  while (i < data.size()) {
    const std::uint8_t first = data[i];
    // RFC 8285 §4.2, §4.3: a zero byte is padding between or after elements.
    if (first == 0) {
      ++i;
      continue;
    }
    std::uint8_t id = 0;
    std::size_t length = 0;
    std::size_t header = 0;
    if (out.is_one_byte()) {
      id = first >> 4;
      // RFC 8285 §4.2: "If the ID value 15 is encountered, its length field should be ignored,
      // processing of the entire extension should terminate at that point".
      if (id == 15) break;
      // Id 0 is reserved for padding, whose bytes "MUST be 0"; a non-zero length with id 0 is
      // taken as one byte of (bad) padding, as libwebrtc does, not as an element.
      if (id == 0) {
        ++i;
        continue;
      }
      length = static_cast<std::size_t>(first & 0x0F) + 1;  // L is the length minus one
      header = 1;
    } else {
      if (i + 1 >= data.size()) return fail("two-byte element header cut short", at(i));
      id = first;
      length = data[i + 1];  // RFC 8285 §4.3: L is the length itself, 0 allowed
      header = 2;
    }
    if (i + header + length > data.size())
      return fail("element id " + std::to_string(id) + " of " + std::to_string(length) +
                      " bytes runs past the extension block",
                  at(i));
    const auto begin = data.begin() + static_cast<std::ptrdiff_t>(i + header);
    out.elements.push_back({id, Bytes(begin, begin + static_cast<std::ptrdiff_t>(length))});
    i += header + length;
  }
  return out;
}

Result<Bytes> serialize_extension(const HeaderExtension& extension) {
  ByteWriter body;
  if (extension.is_one_byte()) {
    for (const ExtensionElement& e : extension.elements) {
      if (e.id < 1 || e.id > 14 || e.data.empty() || e.data.size() > 16)
        return fail("element id " + std::to_string(e.id) + " of " + std::to_string(e.data.size()) +
                    " bytes does not fit the one-byte form (ids 1-14, 1-16 bytes)");
      body.write_u8(static_cast<std::uint8_t>((e.id << 4) | (e.data.size() - 1)));
      body.write_bytes(e.data);
    }
  } else if (extension.is_two_byte()) {
    for (const ExtensionElement& e : extension.elements) {
      if (e.id == 0 || e.data.size() > 255)
        return fail("element id " + std::to_string(e.id) + " of " + std::to_string(e.data.size()) +
                    " bytes does not fit the two-byte form (ids 1-255, 0-255 bytes)");
      body.write_u8(e.id);
      body.write_u8(static_cast<std::uint8_t>(e.data.size()));
      body.write_bytes(e.data);
    }
  } else {
    body.write_bytes(extension.raw);
  }
  // RFC 3550 §5.3.1: the length counts 32-bit words, so the data is padded to a whole word.
  body.write_zeros((4 - body.size() % 4) % 4);
  if (body.size() / 4 > 0xFFFF) return fail("header extension longer than 65535 words");
  ByteWriter out;
  out.write_u16(extension.profile);
  out.write_u16(static_cast<std::uint16_t>(body.size() / 4));
  out.write_bytes(body.bytes());
  return out.take();
}

}  // namespace lucid::rtp
