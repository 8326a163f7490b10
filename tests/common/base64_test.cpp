#include <catch2/catch.hpp>

#include "common/base64.h"

using namespace lucid;

TEST_CASE("base64 matches the RFC 4648 section 10 vectors both ways") {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (auto [plain, encoded] : vectors) {
    INFO(plain);
    CHECK(base64_encode(to_bytes(plain)) == encoded);
    auto back = base64_decode(encoded);
    REQUIRE(back.ok());
    CHECK(to_string(*back) == plain);
  }
}

TEST_CASE("base64 refuses characters outside the alphabet and bad lengths") {
  CHECK(base64_decode("Zm9v!").error().message() == "character 4: not base64: '!'");
  CHECK_FALSE(base64_decode("Zm9").ok());
  CHECK_FALSE(base64_decode("Zg=a").ok());
  CHECK(base64_decode(" Zm9v\nYmFy ").ok());
}
