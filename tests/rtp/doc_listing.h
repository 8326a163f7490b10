// The listings of docs/rtp.md: real bytes that src/rtp writes, annotated field by field.
// docs_rtp_listing prints them; a test checks that docs/rtp.md still shows exactly these.
#pragma once

#include <string>

namespace lucid::test {

std::string rtp_doc_listing();

}  // namespace lucid::test
