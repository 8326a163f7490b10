// Writes a Description as SDP text (RFC 8866 §5): lines in the order RFC 8866 fixes, a= lines
// in the order they were parsed (or lucid's order for descriptions built in code), each line
// ended by CRLF.
#pragma once

#include <string>
#include <vector>

#include "sdp/description.h"

namespace lucid::sdp {

std::string write(const Description& description);

namespace detail {
// The lines lucid itself would write, without line endings and without original spellings.
// The parser compares them with the lines it received to fill Description::original_spellings.
std::vector<std::string> canonical_lines(const Description& description);
}  // namespace detail

}  // namespace lucid::sdp
