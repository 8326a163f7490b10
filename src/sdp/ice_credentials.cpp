#include "sdp/ice_credentials.h"

#include <array>
#include <vector>

#include "sdp/text.h"

namespace lucid::sdp {

namespace {

// RFC 8839 §5.1: ice-char = ALPHA / DIGIT / "+" / "/". That is exactly 64 characters, so the
// low 6 bits of a random byte pick one of them uniformly.
constexpr std::string_view kIceChars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static_assert(kIceChars.size() == 64);

std::string random_ice_chars(Random& random, std::size_t count) {
  std::vector<std::uint8_t> bytes(count);
  random.fill(bytes);
  std::string out;
  for (auto byte : bytes) out += kIceChars[byte & 0x3F];
  return out;
}

// Messages leave out the attribute's name: the parser puts "a=ice-pwd: " in front.
Status check(std::string_view value, std::size_t min) {
  if (value.size() < min || value.size() > 256) {
    return fail("has " + std::to_string(value.size()) + " characters, expected " +
                std::to_string(min) + " to 256");
  }
  if (!detail::is_ice_chars(value)) {
    return fail(detail::quote(value) + " has characters other than ice-chars");
  }
  return Ok{};
}

}  // namespace

IceCredentials IceCredentials::generate(Random& random) {
  IceCredentials credentials;
  credentials.ufrag = random_ice_chars(random, 8);
  credentials.pwd = random_ice_chars(random, 24);
  return credentials;
}

Status check_ice_ufrag(std::string_view ufrag) { return check(ufrag, 4); }
Status check_ice_pwd(std::string_view pwd) { return check(pwd, 22); }

}  // namespace lucid::sdp
