// Reads SDP text (RFC 8866 §5) into a Description.
//
// Accepts what browsers and other stacks send: CRLF or LF line endings, extra empty lines at the
// end, attributes lucid does not know (kept in order). Refuses, with the line number and what is
// wrong, anything RFC 8866 or the WebRTC attribute grammars do not allow:
//   "line 14: a=candidate: port 70000 out of range"
// A hostile description never crashes the parser and never makes it throw: size and line length
// are limited, every number is range-checked, every field is checked before it is used.
#pragma once

#include <cstddef>
#include <string_view>

#include "common/result.h"
#include "sdp/description.h"

namespace lucid::sdp {

struct ParseLimits {
  std::size_t max_size = 256 * 1024;   // a browser's offer with many tracks is tens of KiB
  std::size_t max_line_length = 4096;  // the longest real lines (fmtp, candidates) are < 300
};

Result<Description> parse(std::string_view text, const ParseLimits& limits = {});

}  // namespace lucid::sdp
