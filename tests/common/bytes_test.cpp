#include <catch2/catch.hpp>

#include "common/bytes.h"

using namespace lucid;

TEST_CASE("reader reads big-endian integers in order") {
  const Bytes data{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
  ByteReader r(data);
  CHECK(*r.read_u8() == 0x01);
  CHECK(*r.read_u16() == 0x0203);
  CHECK(*r.read_u32() == 0x04050607u);
  CHECK(*r.read_u64() == 0x08090a0b0c0d0e0full);
  CHECK(r.empty());
}

TEST_CASE("reading past the end is an error that names the offset, and reads nothing") {
  const Bytes data{0xaa, 0xbb, 0xcc};
  ByteReader r(data);
  REQUIRE(r.read_u16().ok());
  auto v = r.read_u32();
  REQUIRE_FALSE(v.ok());
  CHECK(v.error().where == "byte 2");
  CHECK(v.error().message() == "byte 2: needs 4 bytes but only 1 remain");
  // The failed read did not move the reader: the remaining byte is still there.
  CHECK(*r.read_u8() == 0xcc);
  CHECK_FALSE(r.read_u8().ok());
  CHECK_FALSE(r.read_bytes(1).ok());
  CHECK_FALSE(r.skip(1).ok());
}

TEST_CASE("reader on an empty buffer fails every read") {
  ByteReader r(BytesView{});
  CHECK_FALSE(r.read_u8().ok());
  CHECK_FALSE(r.read_u64().ok());
  CHECK(r.read_bytes(0).ok());
}

TEST_CASE("writer writes big-endian and patches a length written earlier") {
  ByteWriter w;
  w.write_u16(0x0001);
  w.write_u16(0);  // length, not known yet
  w.write_u32(0x2112a442);
  w.write_bytes(to_bytes("ab"));
  w.write_zeros(2);
  w.patch_u16(2, 4);
  CHECK(w.bytes() == Bytes{0x00, 0x01, 0x00, 0x04, 0x21, 0x12, 0xa4, 0x42, 'a', 'b', 0, 0});
  w.write_u64(1);
  CHECK(w.size() == 20);
}
