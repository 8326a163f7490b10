// docs/rtp.md teaches with bytes src/rtp produced: this fails when the code and the page part
// (regenerate the page's listings with build/tests/rtp/docs_rtp_listing).
#include <catch2/catch.hpp>

#include "doc_listing.h"
#include "support/page_shows_listing.h"

TEST_CASE("docs/rtp.md shows the bytes that docs_rtp_listing prints") {
  const std::string listing = lucid::test::rtp_doc_listing();
  CHECK(listing.find("VP8 key frame of 1500 bytes") != std::string::npos);
  CHECK(lucid::test::check_page_shows_listing(LUCID_SOURCE_DIR "/docs/rtp.md", listing) >= 5);
}
