// Hex for people: test vectors written as hex, and annotated dumps in examples and docs.
#pragma once

#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"

namespace lucid {

// "2112a442" — lower case, no separators.
std::string to_hex(BytesView bytes);

// Parses hex, ignoring whitespace (so an RFC's vector can be pasted as it is printed).
Result<Bytes> from_hex(std::string_view text);

// Classic 16-bytes-per-line dump with offsets, e.g. "0000  00 01 00 58 21 12 a4 42 ...".
std::string hex_dump(BytesView bytes);

}  // namespace lucid
