#include "sdp/fingerprint.h"

#include "sdp/text.h"

namespace lucid::sdp {

std::size_t digest_size(std::string_view hash_function) {
  struct Known {
    std::string_view name;
    std::size_t size;
  };
  // RFC 8122 §5: hash-func = "sha-1" / "sha-224" / "sha-256" / "sha-384" / "sha-512" / "md5" / "md2"
  static constexpr Known kKnown[] = {{"sha-1", 20},   {"sha-224", 28}, {"sha-256", 32},
                                     {"sha-384", 48}, {"sha-512", 64}, {"md5", 16},
                                     {"md2", 16}};
  for (const auto& known : kKnown) {
    if (detail::equals_ignore_case(known.name, hash_function)) return known.size;
  }
  return 0;
}

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;  // RFC 8122 says UHEX; be liberal in reading
  return -1;
}

}  // namespace

Result<Fingerprint> Fingerprint::parse(std::string_view text) {
  auto [name, rest] = detail::split_once(text, ' ');
  if (!rest) return fail("needs a hash function and a fingerprint");
  std::size_t size = digest_size(name);
  if (size == 0) return fail("unknown hash function " + detail::quote(name));

  // fingerprint = 2UHEX *(":" 2UHEX)
  std::string_view hex = *rest;
  Fingerprint fp;
  fp.hash_function = detail::to_lower(name);
  for (std::size_t i = 0; i < hex.size(); i += 3) {
    if (i + 2 > hex.size()) return fail("fingerprint " + detail::quote(hex) + " is not colon-separated hex");
    int high = hex_digit(hex[i]);
    int low = hex_digit(hex[i + 1]);
    bool separator_ok = i + 2 == hex.size() || hex[i + 2] == ':';
    if (high < 0 || low < 0 || !separator_ok || (i + 3 == hex.size())) {
      return fail("fingerprint " + detail::quote(hex) + " is not colon-separated hex");
    }
    fp.value.push_back(static_cast<std::uint8_t>(high * 16 + low));
  }
  if (fp.value.size() != size) {
    return fail(fp.hash_function + " fingerprint has " + std::to_string(fp.value.size()) +
                " bytes, expected " + std::to_string(size));
  }
  return fp;
}

std::string Fingerprint::hex() const {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (i > 0) out += ':';
    out += kDigits[value[i] >> 4];
    out += kDigits[value[i] & 0x0F];
  }
  return out;
}

std::string Fingerprint::to_string() const { return hash_function + ' ' + hex(); }

}  // namespace lucid::sdp
