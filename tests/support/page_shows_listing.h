// docs/ pages teach with bytes the stack itself printed. A listing program prints them; this
// checks that the page shows each paragraph of that listing (split at blank lines) exactly as
// printed, so that a page and the code cannot part. A Catch2 helper: for test binaries only.
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

namespace lucid::test {

// CHECKs each paragraph of `listing` against the page at `page_path`; returns how many
// paragraphs there were (a caller asserts it got the listing it expected).
inline int check_page_shows_listing(const std::string& page_path, const std::string& listing) {
  std::ifstream in(page_path);
  REQUIRE(in);
  std::stringstream page;
  page << in.rdbuf();
  const std::string text = page.str();
  std::size_t start = 0;
  int paragraphs = 0;
  while (start < listing.size()) {
    std::size_t end = listing.find("\n\n", start);
    if (end == std::string::npos) end = listing.size();
    const std::string paragraph = listing.substr(start, end - start);
    INFO(paragraph);
    CHECK(text.find(paragraph) != std::string::npos);
    ++paragraphs;
    start = end + 2;
  }
  return paragraphs;
}

}  // namespace lucid::test
