// SRTP and SRTCP on libsrtp (RFC 3711, RFC 7714): known answers, round trips for both
// profiles, replay and tampering refused and counted.
//
// The known answers are libsrtp's own reference packets (test/srtp_driver.c, srtp_validate and
// srtp_validate_gcm): a fixed master key and salt (for AES-CM those of RFC 3711 B.3) protect a
// fixed packet to fixed bytes. Since
// libsrtp derives the session keys inside (RFC 3711 §4.3, the derivation of Appendix B.3) and
// runs the cipher of B.2 on them, matching these bytes checks the key derivation, the AES
// keystream and the tag together, and that lucid hands the key and salt over the right way.
#include <catch2/catch.hpp>

#include <algorithm>

#include "common/hex.h"
#include "peer/srtp_keying.h"
#include "srtp/srtp.h"

using namespace lucid;
using namespace lucid::srtp;

namespace {

Bytes hex(const char* text) { return from_hex(text).value(); }

// RTP: V=2, PT 15, seq 0x1234, ts 0xdecafbad, SSRC 0xcafebabe, 16 bytes of 0xab.
const char* const kRtp = "800f1234 decafbad cafebabe abababababababababababababababab";
// RTCP: an SR header and SSRC 0xcafebabe, then 16 bytes of 0xab.
const char* const kRtcp = "81c8000b cafebabe abababababababababababababababab";

const MasterKey kCmKey{hex("e1f97a0d3e018be0d64fa32c06de4139"), hex("0ec675ad498afeebb6960b3aabe6")};
const MasterKey kGcmKey{hex("000102030405060708090a0b0c0d0e0f"), hex("a0a1a2a3a4a5a6a7a8a9aaab")};

// A session that sends with `key`, and one that receives what it sends.
Session sender(Profile profile, const MasterKey& key) {
  return Session::create(profile, key, MasterKey{Bytes(16, 1), Bytes(key.salt.size(), 2)}).value();
}
Session receiver(Profile profile, const MasterKey& key) {
  return Session::create(profile, MasterKey{Bytes(16, 3), Bytes(key.salt.size(), 4)}, key).value();
}

}  // namespace

TEST_CASE("AES-CM with HMAC-SHA1-80 protects libsrtp's reference RTP and RTCP packets to the known bytes") {
  Session s = sender(Profile::Aes128CmHmacSha1_80, kCmKey);
  auto srtp = s.protect_rtp(hex(kRtp));
  REQUIRE(srtp.ok());
  // Header in the clear, payload encrypted, 10-byte (80-bit) tag appended.
  CHECK(to_hex(*srtp) == "800f1234decafbadcafebabe" "4e55dc4ce79978d88ca4d215949d2402" "b78d6acc99ea179b8dbb");
  auto srtcp = s.protect_rtcp(hex(kRtcp));
  REQUIRE(srtcp.ok());
  // First 8 bytes clear, the rest encrypted, then E=1 with SRTCP index 1, then the tag.
  CHECK(to_hex(*srtcp) == "81c8000bcafebabe" "7128035be487b9bdbef89041f977a5a8" "80000001" "993e08cd54d6c1230798");

  Session r = receiver(Profile::Aes128CmHmacSha1_80, kCmKey);
  CHECK(to_hex(r.unprotect_rtp(*srtp).value()) == to_hex(hex(kRtp)));
  CHECK(to_hex(r.unprotect_rtcp(*srtcp).value()) == to_hex(hex(kRtcp)));
  CHECK(s.counters().rtp_protected == 1);
  CHECK(r.counters().rtp_unprotected == 1);
  CHECK(r.counters().rtcp_unprotected == 1);
}

TEST_CASE("AEAD AES-128-GCM protects libsrtp's reference RTP and RTCP packets to the known bytes (RFC 7714)") {
  Session s = sender(Profile::AeadAes128Gcm, kGcmKey);
  auto srtp = s.protect_rtp(hex(kRtp));
  REQUIRE(srtp.ok());
  // RFC 7714 §5: the ciphertext is as long as the payload, then a 16-byte tag.
  CHECK(to_hex(*srtp) == "800f1234decafbadcafebabe" "c5002ede04cfdd2eb91159e0880aa06e" "d2976826f796b201df3131a127e8a392");
  auto srtcp = s.protect_rtcp(hex(kRtcp));
  REQUIRE(srtcp.ok());
  // RFC 7714 §9: for SRTCP, the tag comes before the E flag and index.
  CHECK(to_hex(*srtcp) == "81c8000bcafebabe" "c98b8b5df0392a55852b6c21ac8e7025" "c52c6fbea2b3b446ea31123ba88ce61e" "80000001");
  Session r = receiver(Profile::AeadAes128Gcm, kGcmKey);
  CHECK(to_hex(r.unprotect_rtp(*srtp).value()) == to_hex(hex(kRtp)));
  CHECK(to_hex(r.unprotect_rtcp(*srtcp).value()) == to_hex(hex(kRtcp)));
}

TEST_CASE("both profiles carry many packets each way between the DTLS client's and server's sessions") {
  for (Profile profile : {Profile::Aes128CmHmacSha1_80, Profile::AeadAes128Gcm}) {
    const std::size_t salt = profile == Profile::AeadAes128Gcm ? 12 : 14;
    dtls::SrtpKeys keys;
    keys.profile = profile == Profile::AeadAes128Gcm ? dtls::SrtpProfile::AeadAes128Gcm
                                                     : dtls::SrtpProfile::Aes128CmHmacSha1_80;
    keys.client_write_key = Bytes(16, 0x11);
    keys.server_write_key = Bytes(16, 0x22);
    keys.client_write_salt = Bytes(salt, 0x33);
    keys.server_write_salt = Bytes(salt, 0x44);
    Session client = lucid::srtp_session(keys, dtls::Role::Client).value();
    Session server = lucid::srtp_session(keys, dtls::Role::Server).value();
    for (int i = 0; i < 300; ++i) {
      Bytes rtp = hex(kRtp);
      rtp[2] = static_cast<std::uint8_t>(i >> 8);  // sequence number
      rtp[3] = static_cast<std::uint8_t>(i);
      rtp[12] = static_cast<std::uint8_t>(i);
      auto there = client.protect_rtp(rtp);
      REQUIRE(there.ok());
      // The payload is not in the clear (16 equal bytes by chance: 2^-128).
      REQUIRE_FALSE(std::equal(rtp.begin() + 12, rtp.end(), there->begin() + 12));
      REQUIRE(server.unprotect_rtp(*there).value() == rtp);
      auto back = server.protect_rtcp(hex(kRtcp));
      REQUIRE(client.unprotect_rtcp(back.value()).value() == hex(kRtcp));
    }
    // A side cannot read its own packets: the two directions have different keys.
    CHECK_FALSE(client.unprotect_rtp(client.protect_rtp(hex(kRtp)).value()).ok());
    CHECK(server.counters().rtp_unprotected == 300);
    CHECK(client.counters().rtcp_unprotected == 300);
  }
}

TEST_CASE("a replayed SRTP or SRTCP packet is refused and counted, and the session carries on") {
  for (Profile profile : {Profile::Aes128CmHmacSha1_80, Profile::AeadAes128Gcm}) {
    const MasterKey& key = profile == Profile::AeadAes128Gcm ? kGcmKey : kCmKey;
    Session s = sender(profile, key);
    Session r = receiver(profile, key);
    const Bytes first = s.protect_rtp(hex(kRtp)).value();
    REQUIRE(r.unprotect_rtp(first).ok());
    auto again = r.unprotect_rtp(first);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().what.find("replay") != std::string::npos);
    const Bytes rtcp = s.protect_rtcp(hex(kRtcp)).value();
    REQUIRE(r.unprotect_rtcp(rtcp).ok());
    CHECK_FALSE(r.unprotect_rtcp(rtcp).ok());
    CHECK(r.counters().replays == 2);
    // The next packet is still accepted.
    Bytes next = hex(kRtp);
    next[3] = 0x35;
    CHECK(r.unprotect_rtp(s.protect_rtp(next).value()).value() == next);
  }
}

TEST_CASE("a packet resent after a NACK can be protected again with its sequence number") {
  Session s = sender(Profile::AeadAes128Gcm, kGcmKey);
  const Bytes once = s.protect_rtp(hex(kRtp)).value();
  const Bytes twice = s.protect_rtp(hex(kRtp)).value();
  CHECK(once == twice);  // same packet, same index, same bytes: no new keystream spent
}

TEST_CASE("a changed tag, payload or header is refused as an authentication failure") {
  for (Profile profile : {Profile::Aes128CmHmacSha1_80, Profile::AeadAes128Gcm}) {
    const MasterKey& key = profile == Profile::AeadAes128Gcm ? kGcmKey : kCmKey;
    Session s = sender(profile, key);
    const Bytes good = s.protect_rtp(hex(kRtp)).value();
    const Bytes good_rtcp = s.protect_rtcp(hex(kRtcp)).value();
    Session r = receiver(profile, key);
    for (std::size_t at : {good.size() - 1, std::size_t{20}, std::size_t{1}}) {  // tag, payload, header (PT)
      Bytes bad = good;
      bad[at] ^= 0x01;
      auto refused = r.unprotect_rtp(bad);
      REQUIRE_FALSE(refused.ok());
      CHECK(refused.error().what.find("authentication failed") != std::string::npos);
    }
    Bytes bad_rtcp = good_rtcp;
    bad_rtcp[10] ^= 0x80;
    CHECK_FALSE(r.unprotect_rtcp(bad_rtcp).ok());
    CHECK(r.counters().authentication_failures == 4);
    // Nothing was accepted from the forgeries, so the genuine packets still are.
    CHECK(r.unprotect_rtp(good).ok());
    CHECK(r.unprotect_rtcp(good_rtcp).ok());
  }
}

TEST_CASE("what is not SRTP at all is refused as a value, never a crash") {
  Session r = receiver(Profile::Aes128CmHmacSha1_80, kCmKey);
  CHECK_FALSE(r.unprotect_rtp({}).ok());
  CHECK_FALSE(r.unprotect_rtp(hex("80")).ok());
  CHECK_FALSE(r.unprotect_rtp(hex("800f1234decafbadcafebabe")).ok());  // no tag
  CHECK_FALSE(r.unprotect_rtcp(hex("81c8000b")).ok());
  CHECK_FALSE(r.protect_rtp(hex("8000")).ok());
  CHECK(r.counters().rtp_unprotected == 0);
  CHECK(r.counters().authentication_failures + r.counters().other_failures + r.counters().replays == 5);
}

TEST_CASE("keys of the wrong size for the profile are refused") {
  auto wrong = Session::create(Profile::AeadAes128Gcm, kCmKey, kCmKey);  // a 14-byte salt for GCM
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().what == "SRTP_AEAD_AES_128_GCM needs a 16-byte key and a 12-byte salt, not 16 and 14");
  CHECK_FALSE(Session::create(Profile::Aes128CmHmacSha1_80, MasterKey{Bytes(15, 0), Bytes(14, 0)}, kCmKey).ok());
}
