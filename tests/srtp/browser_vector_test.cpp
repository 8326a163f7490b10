// An SRTP-protected Opus packet and an SRTCP SR+SDES compound with the header extensions and
// CNAME a Chrome sender writes (one-byte extensions: id 3 abs-send-time, id 1 audio level;
// a 16-character CNAME), with their master key and the clear packets. The vectors are from
// another stack's tests (a file whose comment gives "a=ssrc:3027665466 cname:ceiNLmy6VHSE5Ja7"
// as their origin); lucid did not capture them itself, so their browser origin is as that file
// says, not verified here. What they check: libsrtp through srtp::Session unprotects them to
// the clear bytes, and src/rtp reads those and writes them back byte for byte.
#include <catch2/catch.hpp>

#include "common/hex.h"
#include "rtp/rtp.h"
#include "srtp/srtp.h"

using namespace lucid;

namespace {

Bytes hex(const char* text) { return from_hex(text).value(); }

const srtp::MasterKey kKey{hex("3c39a85c2df05e527e7912ba60c525fe"), hex("29f797d9daa31760df34b95f87d3")};

const char* const kSrtp =
    "90ef41cd 5550be52 b476823a bede0002 3254e1e1 10aa0000 d73ef00e 5aef6695 249930b0 99d6d135"
    "1022d830 b14530c9 496fdcd6 8031fe29 8d6d56a9 a393a510 898957b8 bf8cb35f 0ce7c089 8d993aaa"
    "bdc1bd7f 5ad1ec9a 26d8310a 20a1cf6a 08d23e15 cf0efbdb e164497e 9a";
const char* const kRtp =
    "90ef41cd 5550be52 b476823a bede0002 3254e1e1 10aa0000 78039cdb 17916be3 b1020af1 a556e1c4"
    "f02df01c 90160f34 2ec234ab 93fcf9de 7f94b310 af10f323 3bced79f 55a07033 629a72e9 28cd40a5"
    "ae61caa1 f6727c10 ce6ed6d9 8716b1e8 226628";
const char* const kSrtcp =
    "80c80006 b476823a 479bb79d 9e0915ca 10804320 327d42d9 c949e86b 1fd178e2 d7c37e3b 236d4b99"
    "96815a7d bb1817f8 573ee43a 02ceb624 80000001 6589e9de 210161b5 debe";
const char* const kRtcp =
    "80c80006 b476823a dc2327b2 ac348f54 5550cd92 00000005 00000175 81ca0006 b476823a 0110"
    "6365694e 4c6d7936 5648 5345354a 6137 0000";

}  // namespace

TEST_CASE("an Opus packet as a browser protects it unprotects, parses and writes back byte for byte") {
  auto session = srtp::Session::create(srtp::Profile::Aes128CmHmacSha1_80, {Bytes(16, 9), Bytes(14, 9)}, kKey);
  REQUIRE(session.ok());
  auto clear = session->unprotect_rtp(hex(kSrtp));
  REQUIRE(clear.ok());
  CHECK(to_hex(*clear) == to_hex(hex(kRtp)));

  auto packet = rtp::parse(*clear);
  REQUIRE(packet.ok());
  CHECK(packet->marker);
  CHECK(packet->payload_type == 111);
  CHECK(packet->sequence_number == 0x41cd);
  CHECK(packet->timestamp == 0x5550be52);
  CHECK(packet->ssrc == 3027665466u);
  REQUIRE(packet->extension);
  CHECK(packet->extension->is_one_byte());
  CHECK(packet->extension->elements ==
        std::vector<rtp::ExtensionElement>{{3, hex("54e1e1")}, {1, hex("aa")}});
  CHECK(packet->payload.size() == 75);
  CHECK(to_hex(rtp::serialize(*packet).value()) == to_hex(*clear));
  // The same packet again is a replay.
  CHECK_FALSE(session->unprotect_rtp(hex(kSrtp)).ok());
  CHECK(session->counters().replays == 1);
}

TEST_CASE("an SR + SDES compound as a browser protects it unprotects and reads as RFC 3550 says") {
  auto session = srtp::Session::create(srtp::Profile::Aes128CmHmacSha1_80, {Bytes(16, 9), Bytes(14, 9)}, kKey);
  REQUIRE(session.ok());
  auto clear = session->unprotect_rtcp(hex(kSrtcp));
  REQUIRE(clear.ok());
  CHECK(to_hex(*clear) == to_hex(hex(kRtcp)));
  auto compound = rtp::parse_compound(*clear);
  REQUIRE(compound.ok());
  REQUIRE(compound->size() == 2);
  const auto& sr = std::get<rtp::SenderReport>((*compound)[0]);
  CHECK(sr.ssrc == 3027665466u);
  CHECK(sr.ntp_timestamp == 0xdc2327b2ac348f54ULL);
  CHECK(sr.rtp_timestamp == 0x5550cd92);
  CHECK(sr.packet_count == 5);
  CHECK(sr.octet_count == 0x175);
  CHECK(sr.reports.empty());
  const auto& sdes = std::get<rtp::SourceDescription>((*compound)[1]);
  CHECK(sdes.chunks.at(0).items == std::vector<rtp::SdesItem>{{rtp::kSdesCname, "ceiNLmy6VHSE5Ja7"}});
  CHECK(to_hex(rtp::serialize_compound(*compound).value()) == to_hex(*clear));
}
