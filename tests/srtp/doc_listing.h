// The listings of docs/srtp.md: real bytes that src/srtp (libsrtp) produces from fixed keys.
// docs_srtp_listing prints them; a test checks that docs/srtp.md still shows exactly these.
#pragma once

#include <string>

namespace lucid::test {

std::string srtp_doc_listing();

}  // namespace lucid::test
