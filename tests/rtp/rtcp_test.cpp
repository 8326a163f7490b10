// RTCP compound packets (RFC 3550 §6, RFC 4585 §6.2.1 and §6.3.1, RFC 5104 §4.3.1, RFC 5506):
// bytes written by hand from the RFCs' figures.
#include <catch2/catch.hpp>

#include "common/hex.h"
#include "rtp/rtcp.h"

using namespace lucid;
using namespace lucid::rtp;

namespace {

Bytes hex(const char* text) { return from_hex(text).value(); }

// RR from 1 about 2 (fraction 5/256, cumulative -1, highest 0x10010, jitter 32, LSR, DLSR 1 s)
// followed by SDES CNAME "abcd" for 1: the compound a receive-only endpoint sends.
const char* const kReceiverCompound =
    "81c90007 00000001"
    "00000002 05ffffff 00010010 00000020 11223344 00010000"
    "81ca0003 00000001 0104 61626364 0000";

}  // namespace

TEST_CASE("an RR with a report block and an SDES CNAME read as RFC 3550 section 6.4.2 draws them") {
  auto compound = parse_compound(hex(kReceiverCompound));
  REQUIRE(compound.ok());
  REQUIRE(compound->size() == 2);
  const auto& rr = std::get<ReceiverReport>((*compound)[0]);
  CHECK(rr.ssrc == 1);
  REQUIRE(rr.reports.size() == 1);
  const ReportBlock& b = rr.reports[0];
  CHECK(b.ssrc == 2);
  CHECK(b.fraction_lost == 5);
  CHECK(b.cumulative_lost == -1);  // 24-bit signed: more duplicates than losses
  CHECK(b.extended_highest_sequence == 0x10010);
  CHECK(b.jitter == 32);
  CHECK(b.last_sr == 0x11223344);
  CHECK(b.delay_since_last_sr == 65536);
  const auto& sdes = std::get<SourceDescription>((*compound)[1]);
  REQUIRE(sdes.chunks.size() == 1);
  CHECK(sdes.chunks[0].ssrc == 1);
  CHECK(sdes.chunks[0].items == std::vector<SdesItem>{{kSdesCname, "abcd"}});
  auto written = serialize_compound(*compound);
  REQUIRE(written.ok());
  CHECK(to_hex(*written) == to_hex(hex(kReceiverCompound)));
}

TEST_CASE("an SR carries the NTP and RTP clocks and the sender's counts") {
  SenderReport sr;
  sr.ssrc = 0xcafe;
  sr.ntp_timestamp = 0xe5a1b2c3'80000000ULL;
  sr.rtp_timestamp = 90000;
  sr.packet_count = 10;
  sr.octet_count = 12000;
  sr.reports.push_back(ReportBlock{2, 0, 3, 100, 4, 0, 0});
  auto wire = serialize(RtcpPacket{sr});
  REQUIRE(wire.ok());
  CHECK(to_hex(BytesView(*wire).first(8)) == "81c8000c0000cafe");  // RC=1, PT 200, 13 words
  auto back = parse_compound(*wire);
  REQUIRE(back.ok());
  CHECK(std::get<SenderReport>((*back)[0]) == sr);
}

TEST_CASE("generic NACK lists the lost packets from PID and BLP (RFC 4585 section 6.2.1)") {
  auto c = parse_compound(hex("81cd0003 00000001 00000002 00640005"));
  REQUIRE(c.ok());
  const auto& nack = std::get<Nack>((*c)[0]);
  CHECK(nack.media_ssrc == 2);
  CHECK(nack.lost() == std::vector<std::uint16_t>{100, 101, 103});
  // And back: lost packets across the wrap pack into as few entries as they fit.
  const Nack built = Nack::for_lost(1, 2, {3, 65534, 0, 65534, 40});
  REQUIRE(built.entries.size() == 2);
  CHECK(built.entries[0] == NackEntry{65534, 0b10010});  // 65534, then 0 (+2) and 3 (+5)
  CHECK(built.entries[1] == NackEntry{40, 0});
  CHECK(built.lost() == std::vector<std::uint16_t>{65534, 0, 3, 40});
  CHECK(describe(RtcpPacket{nack}) == "NACK media=0x00000002 lost 100 101 103");
}

TEST_CASE("PLI and FIR are read as keyframe requests (RFC 4585 section 6.3.1, RFC 5104 section 4.3.1)") {
  auto c = parse_compound(hex("81ce0002 00000001 00000002"
                              "84ce0004 00000001 00000000 00000002 07000000"));
  REQUIRE(c.ok());
  CHECK(std::get<PictureLossIndication>((*c)[0]) == PictureLossIndication{1, 2});
  const auto& fir = std::get<FullIntraRequest>((*c)[1]);
  CHECK(fir.entries == std::vector<FirEntry>{{2, 7}});
  CHECK(to_hex(serialize_compound(*c).value()) ==
        "81ce00020000000100000002" "84ce0004000000010000000000000002" "07000000");
}

TEST_CASE("REMB, transport-cc, APP and XR are kept as bytes and named, never refused") {
  const Bytes wire = hex(
      "8fce0005 00000001 00000000 52454d42 010abcde 00000002"  // REMB: PSFB FMT 15, "REMB"
      "8fcd0004 00000001 00000002 00010002 20010000"           // transport-cc: RTPFB FMT 15
      "80cc0002 00000001 6e616d65"                              // APP "name"
      "80cf0001 00000001");                                     // XR
  auto c = parse_compound(wire);
  REQUIRE(c.ok());
  REQUIRE(c->size() == 4);
  CHECK(std::get<OtherRtcp>((*c)[0]).name() == "REMB");
  CHECK(std::get<OtherRtcp>((*c)[1]).name() == "transport-cc");
  CHECK(std::get<OtherRtcp>((*c)[2]).name() == "APP");
  CHECK(std::get<OtherRtcp>((*c)[3]).name() == "XR");
  CHECK(describe((*c)[0]) == "REMB (PT 206 count/FMT 15, 24 bytes, not read)");
  CHECK(to_hex(serialize_compound(*c).value()) == to_hex(wire));
}

TEST_CASE("a reduced-size compound of one PLI is accepted (RFC 5506 section 3)") {
  auto c = parse_compound(hex("81ce0002 00000001 00000002"));
  REQUIRE(c.ok());
  CHECK(c->size() == 1);
}

TEST_CASE("BYE carries its SSRCs and reason") {
  auto c = parse_compound(hex("81cb0002 00000001 03627965"));
  REQUIRE(c.ok());
  const auto& bye = std::get<Goodbye>((*c)[0]);
  CHECK(bye.ssrcs == std::vector<std::uint32_t>{1});
  CHECK(bye.reason == "bye");
}

TEST_CASE("padding is taken off the last packet of a compound and refused elsewhere") {
  auto last = parse_compound(hex("a1ce0003 00000001 00000002 00000004"));
  REQUIRE(last.ok());
  CHECK(std::get<PictureLossIndication>((*last)[0]) == PictureLossIndication{1, 2});
  CHECK_FALSE(parse_compound(hex("a1ce0003 00000001 00000002 00000004 81ce0002 00000001 00000002")).ok());
}

TEST_CASE("malformed RTCP is refused with the position of the broken packet") {
  CHECK_FALSE(parse_compound({}).ok());
  // The second packet's length runs past the datagram.
  auto past = parse_compound(hex("81ce0002 00000001 00000002 81ce0009 00000001"));
  REQUIRE_FALSE(past.ok());
  CHECK(past.error().where == "byte 12");
  CHECK_FALSE(parse_compound(hex("41ce0002 00000001 00000002")).ok());  // version 1
  CHECK_FALSE(parse_compound(hex("82c90001 00000001")).ok());           // RR says 2 blocks
  CHECK_FALSE(parse_compound(hex("81ca0002 00000001 01056162")).ok());  // SDES item past the end
  CHECK_FALSE(parse_compound(hex("81ce0002 00000001 00000002 00")).ok());  // 1 byte left over
  CHECK_FALSE(parse_compound(hex("81ce0001 00000001")).ok());           // PLI without media SSRC
}
