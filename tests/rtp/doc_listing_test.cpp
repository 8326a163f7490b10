// docs/rtp.md teaches with bytes src/rtp produced: this fails when the code and the page part.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "doc_listing.h"

TEST_CASE("docs/rtp.md shows the bytes that docs_rtp_listing prints") {
  std::ifstream in(LUCID_SOURCE_DIR "/docs/rtp.md");
  REQUIRE(in);
  std::stringstream page;
  page << in.rdbuf();
  const std::string listing = lucid::test::rtp_doc_listing();
  CHECK(listing.find("VP8 key frame of 1500 bytes") != std::string::npos);
  // Each paragraph of the listing (split at blank lines) appears in the page as it is printed
  // (regenerate with build/tests/rtp/docs_rtp_listing).
  std::size_t start = 0;
  int paragraphs = 0;
  while (start < listing.size()) {
    std::size_t end = listing.find("\n\n", start);
    if (end == std::string::npos) end = listing.size();
    const std::string paragraph = listing.substr(start, end - start);
    INFO(paragraph);
    CHECK(page.str().find(paragraph) != std::string::npos);
    ++paragraphs;
    start = end + 2;
  }
  CHECK(paragraphs >= 5);
}
