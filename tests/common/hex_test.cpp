#include <catch2/catch.hpp>

#include "common/hex.h"

using namespace lucid;

TEST_CASE("hex round-trips and ignores whitespace the way RFC vectors are printed") {
  auto b = from_hex("00 01 00 58\n 21 12 A4 42");
  REQUIRE(b.ok());
  CHECK(*b == Bytes{0x00, 0x01, 0x00, 0x58, 0x21, 0x12, 0xa4, 0x42});
  CHECK(to_hex(*b) == "000100582112a442");
}

TEST_CASE("bad hex is refused with the position") {
  auto b = from_hex("00 0g");
  REQUIRE_FALSE(b.ok());
  CHECK(b.error().message() == "character 4: not a hex digit: 'g'");
  CHECK_FALSE(from_hex("abc").ok());
}

TEST_CASE("hex dump prints 16 bytes per line with offsets") {
  Bytes data(18, 0xab);
  CHECK(hex_dump(data) ==
        "0000  ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab\n"
        "0010  ab ab\n");
}
