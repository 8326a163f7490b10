// Prints the listings of docs/srtp.md (tests/srtp/doc_listing.cpp).
#include <cstdio>

#include "doc_listing.h"

int main() {
  std::fputs(lucid::test::srtp_doc_listing().c_str(), stdout);
  return 0;
}
