// Base64 (RFC 4648 §4, with padding). WebRTC tutorials carry a whole session description
// across copy-paste as one base64 line; the DTLS and SDP layers use it nowhere else.
#pragma once

#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"

namespace lucid {

std::string base64_encode(BytesView bytes);
// Strict decoding: only the base64 alphabet and '=' padding; whitespace is ignored.
Result<Bytes> base64_decode(std::string_view text);

}  // namespace lucid
