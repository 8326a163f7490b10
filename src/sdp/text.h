// Small text helpers shared by the SDP parser and the attribute parsers (detail: not part of
// the public face of src/sdp). SDP is text, but it is still wire data: every number is checked
// for range and every field for the characters its grammar allows, so hostile input becomes an
// Error, never undefined behaviour.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lucid::sdp::detail {

// Splits on every `separator`; "a  b" split on ' ' gives {"a", "", "b"} (callers reject the
// empty field, since RFC 8866 separates fields by exactly one space).
std::vector<std::string_view> split(std::string_view text, char separator);

// Splits off the text before the first `separator`: "9 IN IP4" -> {"9", "IN IP4"}. When the
// separator is absent, `rest` is nullopt.
struct Head {
  std::string_view head;
  std::optional<std::string_view> rest;
};
Head split_once(std::string_view text, char separator);

// Decimal digits only (no sign, no spaces), at most `max`. nullopt otherwise.
std::optional<std::uint64_t> parse_uint(std::string_view text, std::uint64_t max);

// RFC 8866 §9: token = 1*(token-char).
bool is_token(std::string_view text);
// RFC 8839 §5.1: ice-char = ALPHA / DIGIT / "+" / "/".
bool is_ice_chars(std::string_view text);
// Printable ASCII without spaces (RFC 5234 VCHAR), the characters of most SDP values.
bool is_vchars(std::string_view text);

bool equals_ignore_case(std::string_view a, std::string_view b);
std::string to_lower(std::string_view text);

// A short, printable rendering of untrusted text for error messages: 'abc', with bytes outside
// printable ASCII shown as \xNN and anything past 40 characters cut off with "...".
std::string quote(std::string_view text);

// "port 70000 out of range" / "port 'x9' is not a number": the message for a field that
// parse_uint refused.
std::string number_error(std::string_view field, std::string_view text);

}  // namespace lucid::sdp::detail
