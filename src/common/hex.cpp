#include "common/hex.h"

#include <cctype>
#include <cstdio>

namespace lucid {

std::string to_hex(BytesView bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (auto b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0x0f]);
  }
  return out;
}

Result<Bytes> from_hex(std::string_view text) {
  Bytes out;
  int high = -1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    int v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    else return fail(std::string("not a hex digit: '") + c + "'", "character " + std::to_string(i));
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::uint8_t>((high << 4) | v));
      high = -1;
    }
  }
  if (high >= 0) return fail("odd number of hex digits");
  return out;
}

std::string hex_dump(BytesView bytes) {
  std::string out;
  char buf[24];
  for (std::size_t line = 0; line < bytes.size(); line += 16) {
    std::snprintf(buf, sizeof buf, "%04zx ", line);
    out += buf;
    for (std::size_t i = line; i < line + 16 && i < bytes.size(); ++i) {
      std::snprintf(buf, sizeof buf, " %02x", bytes[i]);
      out += buf;
    }
    out += '\n';
  }
  return out;
}

}  // namespace lucid
