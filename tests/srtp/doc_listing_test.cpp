// docs/srtp.md teaches with bytes src/srtp produced: this fails when the code and the page part
// (regenerate the page's listings with build/tests/srtp/docs_srtp_listing).
#include <catch2/catch.hpp>

#include "doc_listing.h"
#include "support/page_shows_listing.h"

TEST_CASE("docs/srtp.md shows the bytes that docs_srtp_listing prints") {
  const std::string listing = lucid::test::srtp_doc_listing();
  CHECK(listing.find("SRTP_AEAD_AES_128_GCM: the exporter gives 56 bytes") != std::string::npos);
  CHECK(lucid::test::check_page_shows_listing(LUCID_SOURCE_DIR "/docs/srtp.md", listing) >= 6);
}
