// The RTP header (RFC 3550 §5.1), its header extensions (RFC 8285), unwrapping (RFC 3550 A.1)
// and the rtcp-mux rule (RFC 5761 §4): bytes written by hand from the RFCs' figures.
#include <catch2/catch.hpp>

#include "common/hex.h"
#include "rtp/rtp.h"

using namespace lucid;
using namespace lucid::rtp;

namespace {

Bytes hex(const char* text) { return from_hex(text).value(); }

}  // namespace

TEST_CASE("a minimal RTP packet reads as its 12-byte header and payload") {
  auto p = parse(hex("80 60 1234 00000bb8 1234abcd 010203"));
  REQUIRE(p.ok());
  CHECK_FALSE(p->marker);
  CHECK(p->payload_type == 96);
  CHECK(p->sequence_number == 0x1234);
  CHECK(p->timestamp == 3000);
  CHECK(p->ssrc == 0x1234abcd);
  CHECK(p->csrcs.empty());
  CHECK_FALSE(p->extension);
  CHECK(p->payload == hex("010203"));
  CHECK(p->padding == 0);
  CHECK(describe(*p) == "RTP PT=96 seq=4660 ts=3000 ssrc=0x1234abcd 3 bytes");
}

TEST_CASE("CSRCs, marker, a one-byte extension and padding all read and write back byte for byte") {
  // V=2 P=1 X=1 CC=2 | M=1 PT=96 | seq 65535 | ts 1 | ssrc | 2 CSRCs |
  // 0xBEDE, 2 words: id 1 (1 byte aa), id 2 (2 bytes bb cc), 3 zero bytes of padding |
  // payload dead | RTP padding of 3 bytes, the last one counting them.
  const Bytes wire = hex("b2 e0 ffff 00000001 deadbeef 00000001 00000002"
                         "bede 0002 10aa 21bbcc 000000"
                         "dead 000003");
  auto p = parse(wire);
  REQUIRE(p.ok());
  CHECK(p->marker);
  CHECK(p->csrcs == std::vector<std::uint32_t>{1, 2});
  REQUIRE(p->extension);
  CHECK(p->extension->is_one_byte());
  REQUIRE(p->extension->elements.size() == 2);
  CHECK(p->extension->find(1)->data == hex("aa"));
  CHECK(p->extension->find(2)->data == hex("bbcc"));
  CHECK(p->extension->find(3) == nullptr);
  CHECK(p->payload == hex("dead"));
  CHECK(p->padding == 3);
  auto again = serialize(*p);
  REQUIRE(again.ok());
  CHECK(to_hex(*again) == to_hex(wire));
}

TEST_CASE("a two-byte extension carries ids above 14 and empty elements (RFC 8285 section 4.3)") {
  Packet p;
  p.payload_type = 111;
  p.ssrc = 7;
  p.extension = HeaderExtension{0x1000, {{20, hex("aabb")}, {3, {}}}, {}};
  auto wire = serialize(p);
  REQUIRE(wire.ok());
  // 0x1000, 2 words: id 20 len 2 aabb, id 3 len 0, 2 bytes padding.
  CHECK(to_hex(BytesView(*wire).subspan(12)) == "100000021402aabb03000000");
  auto back = parse(*wire);
  REQUIRE(back.ok());
  CHECK(*back == p);
}

TEST_CASE("the one-byte form refuses what it cannot carry, and stops at id 15") {
  CHECK_FALSE(fits_one_byte({{15, hex("00")}}));
  CHECK_FALSE(fits_one_byte({{1, Bytes(17, 0)}}));
  CHECK(fits_one_byte({{14, Bytes(16, 0)}}));
  Packet p;
  p.extension = HeaderExtension{kOneByteProfile, {{15, hex("01")}}, {}};
  CHECK_FALSE(serialize(p).ok());
  // RFC 8285 §4.2: id 15 ends the parse; what came before it is kept.
  auto stopped = parse(hex("90 60 0001 00000000 00000001 bede 0001 10aa f0ff"));
  REQUIRE(stopped.ok());
  REQUIRE(stopped->extension->elements.size() == 1);
  CHECK(stopped->extension->elements[0].data == hex("aa"));
}

TEST_CASE("malformed RTP packets are refused with a reason, never a crash") {
  CHECK(parse(hex("80 60 0001 00000000 000000")).error().what.find("shorter than the 12-byte") != std::string::npos);
  CHECK(parse(hex("40 60 0001 00000000 00000001")).error().message() == "byte 0: version 1 is not RTP version 2");
  // CC=3 but only one CSRC follows.
  CHECK_FALSE(parse(hex("83 60 0001 00000000 00000001 00000002")).ok());
  // X set, extension says 2 words, 1 follows.
  CHECK_FALSE(parse(hex("90 60 0001 00000000 00000001 bede 0002 10aa 0000")).ok());
  // An element longer than its block.
  CHECK_FALSE(parse(hex("90 60 0001 00000000 00000001 bede 0001 3aaa bbcc")).ok());
  // P set, count 9 but only 2 bytes after the header; and count 0.
  CHECK_FALSE(parse(hex("a0 60 0001 00000000 00000001 0009")).ok());
  CHECK_FALSE(parse(hex("a0 60 0001 00000000 00000001 0000")).ok());
  // What cannot be written is refused too.
  Packet p;
  p.csrcs.assign(16, 1);
  CHECK_FALSE(serialize(p).ok());
}

TEST_CASE("sequence numbers unwrap across 65535 to 0 and stay put for reordered packets") {
  SequenceUnwrapper u;
  CHECK(u.unwrap(65534) == 65534);
  CHECK(u.unwrap(65535) == 65535);
  CHECK(u.unwrap(0) == 65536);
  CHECK(u.unwrap(65533) == 65533);  // late, from before the wrap
  CHECK(u.unwrap(1) == 65537);
  CHECK(*u.highest() == 65537);
  // Ten whole cycles, a step of 1000 at a time: the count keeps growing.
  std::int64_t last = 65537;
  for (int i = 0; i < 655; ++i) last = u.unwrap(static_cast<std::uint16_t>(last + 1000));
  CHECK(last == 65537 + 655 * 1000);
  SequenceUnwrapper early;
  CHECK(early.unwrap(1) == 1);
  CHECK(early.unwrap(65535) == -1);  // just before the first one seen
  CHECK(*early.highest() == 1);
}

TEST_CASE("RTP timestamps unwrap to 64 bits") {
  TimestampUnwrapper u;
  CHECK(u.unwrap(0xFFFFFC40u) == 0xFFFFFC40LL);
  CHECK(u.unwrap(0x00000320u) == 0x100000320LL);
  CHECK(u.unwrap(0xFFFFFFFFu) == 0xFFFFFFFFLL);
}

TEST_CASE("rtcp-mux tells RTCP from RTP by the second byte (RFC 5761 section 4)") {
  CHECK(is_rtcp(hex("80c8")));   // SR
  CHECK(is_rtcp(hex("81cd")));   // RTPFB
  CHECK(is_rtcp(hex("80df")));   // 223, the top of the range
  CHECK_FALSE(is_rtcp(hex("8060")));  // PT 96
  CHECK_FALSE(is_rtcp(hex("80e0")));  // M=1 PT 96: 224
  CHECK_FALSE(is_rtcp(hex("80bf")));  // M=1 PT 63: 191
  CHECK_FALSE(is_rtcp(hex("80")));
  CHECK(payload_type_allowed_with_rtcp_mux(96));
  CHECK(payload_type_allowed_with_rtcp_mux(63));
  CHECK_FALSE(payload_type_allowed_with_rtcp_mux(72));
  CHECK_FALSE(payload_type_allowed_with_rtcp_mux(128));
}

TEST_CASE("a one-byte extension byte with id 0 and a length is skipped as padding, not kept as an element") {
  // Found by fuzzing: 0x01 (id 0, L=1) between elements made an element that could not be written.
  auto p = parse(hex("90 60 0001 00000000 00000001 bede 0002 10aa 01 2101 02 0000"));
  REQUIRE(p.ok());
  REQUIRE(p->extension->elements.size() == 2);
  CHECK(p->extension->elements[1] == ExtensionElement{2, hex("0102")});
  CHECK(serialize(*p).ok());
}
