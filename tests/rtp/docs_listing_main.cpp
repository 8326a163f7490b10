// Prints the listings of docs/rtp.md (tests/rtp/doc_listing.cpp).
#include <cstdio>

#include "doc_listing.h"

int main() {
  std::fputs(lucid::test::rtp_doc_listing().c_str(), stdout);
  return 0;
}
