// What a received offer may carry and what an answer to an offer may be (RFC 3264 §6,
// RFC 9429 §5.3.1 and §5.8.3, RFC 8842 §5.1, RFC 8843 §7.3): each broken rule is refused with
// its text and position; real browsers' offers and answers pass.
#include <catch2/catch.hpp>

#include "sdp/jsep_offer_answer.h"
#include "sdp/offer_answer_rules.h"
#include "sdp/parser.h"
#include "sdp_files.h"

using namespace lucid;
using namespace lucid::sdp;
using lucid::sdp::test::corpus_files;
using lucid::sdp::test::read_corpus;

namespace {

LocalParameters local_parameters(std::uint64_t seed) {
  SeededRandom random(seed);
  LocalParameters local;
  local.ice = IceCredentials::generate(random);
  Fingerprint fp;
  fp.hash_function = "sha-256";
  for (int i = 0; i < 32; ++i) fp.value.push_back(static_cast<std::uint8_t>(i + seed));
  local.fingerprints = {fp};
  return local;
}

// lucid's own offer (one data channel section, mid 0, BUNDLE 0) and lucid's answer to it.
Description lucid_offer() {
  SeededRandom random(1);
  return create_offer(local_parameters(1), new_origin(random));
}
Description lucid_answer(const Description& offer) {
  SeededRandom random(2);
  return create_answer(offer, local_parameters(2), new_origin(random));
}

Description corpus(const std::string& name) {
  auto parsed = parse(read_corpus(name));
  if (!parsed) FAIL(name << ": " << parsed.error().message());
  return *parsed;
}

std::string refusal(const Status& status) {
  REQUIRE_FALSE(status.ok());
  return status.error().message();
}

MediaDescription audio_section(std::string mid) {
  MediaDescription m;
  m.media = "audio";
  m.proto = "UDP/TLS/RTP/SAVPF";
  m.formats = {"111"};
  m.mid = std::move(mid);
  return m;
}

}  // namespace

TEST_CASE("offers from browsers, and the answers browsers and lucid give them, pass the rules") {
  for (const auto& name : corpus_files()) {
    if (name.find("_offer") == std::string::npos) continue;
    INFO(name);
    const Description offer = corpus(name);
    CHECK(check_offer(offer).ok());
    CHECK(check_answer(offer, lucid_answer(offer)).ok());
  }
  // Captured pairs (tests/data/sdp/README.md): each browser's answer to the other's offer.
  CHECK(check_answer(corpus("firefox153_datachannel_offer.sdp"),
                     corpus("chromium156_datachannel_answer.sdp"))
            .ok());
  CHECK(check_answer(corpus("chromium156_datachannel_offer.sdp"),
                     corpus("firefox153_datachannel_answer.sdp"))
            .ok());
  const Description offer = lucid_offer();
  CHECK(check_offer(offer).ok());
  CHECK(check_answer(offer, lucid_answer(offer)).ok());
}

TEST_CASE("an offer with a=setup:holdconn is refused, naming the attribute and the section") {
  Description offer = lucid_offer();
  SECTION("at media level") {
    offer.media[0].setup = Setup::Holdconn;
    CHECK(refusal(check_offer(offer)) ==
          "m= section 1 (mid '0'): a=setup:holdconn is not allowed with DTLS (RFC 8842 §5.1)");
  }
  SECTION("at session level, inherited by the section") {
    offer.media[0].setup.reset();
    offer.setup = Setup::Holdconn;
    CHECK(refusal(check_offer(offer)) ==
          "m= section 1 (mid '0'): a=setup:holdconn is not allowed with DTLS (RFC 8842 §5.1)");
  }
  SECTION("on an audio section before the data channel") {
    MediaDescription audio = audio_section("a");
    audio.setup = Setup::Holdconn;
    offer.media.insert(offer.media.begin(), audio);
    CHECK(refusal(check_offer(offer)) ==
          "m= section 1 (mid 'a'): a=setup:holdconn is not allowed with DTLS (RFC 8842 §5.1)");
  }
  SECTION("but not on a section the offer itself rejects with port 0") {
    MediaDescription audio = audio_section("a");
    audio.setup = Setup::Holdconn;
    audio.port = 0;
    offer.media.insert(offer.media.begin(), audio);
    CHECK(check_offer(offer).ok());
  }
}

TEST_CASE("an offer whose a=group names a mid that no m= section has is refused") {
  Description offer = lucid_offer();
  offer.groups[0].mids.push_back("7");
  CHECK(refusal(check_offer(offer)) ==
        "a=group:BUNDLE: names mid '7', which no m= section has (RFC 5888 §5)");
}

TEST_CASE("an answer with more or fewer m= sections than the offer is refused") {
  const Description offer = lucid_offer();
  Description answer = lucid_answer(offer);
  SECTION("a second m=application") {
    MediaDescription second = answer.media[0];
    second.mid = "1";
    answer.media.push_back(second);
    CHECK(refusal(check_answer(offer, answer)) ==
          "the answer has 2 m= section(s) and the offer 1: an answer has one per offered section "
          "(RFC 3264 §6)");
  }
  SECTION("none at all") {
    answer.media.clear();
    answer.groups.clear();
    CHECK(refusal(check_answer(offer, answer)) ==
          "the answer has 0 m= section(s) and the offer 1: an answer has one per offered section "
          "(RFC 3264 §6)");
  }
}

TEST_CASE("an answer section whose media or proto is not the offered one is refused") {
  Description offer = lucid_offer();
  offer.media.insert(offer.media.begin(), audio_section("a"));
  offer.groups[0].mids.insert(offer.groups[0].mids.begin(), "a");
  Description answer = lucid_answer(offer);
  REQUIRE(check_answer(offer, answer).ok());
  SECTION("an m=application in place of the offered audio") {
    answer.media[0].media = "application";
    CHECK(refusal(check_answer(offer, answer)) ==
          "m= section 1 (mid 'a'): m='application' 'UDP/TLS/RTP/SAVPF' answers the offer's "
          "m=audio UDP/TLS/RTP/SAVPF: media and proto must be the offer's (RFC 9429 §5.8.3)");
  }
  SECTION("TCP/DTLS/SCTP for the offered UDP/DTLS/SCTP") {
    answer.media[1].proto = "TCP/DTLS/SCTP";
    CHECK(refusal(check_answer(offer, answer)) ==
          "m= section 2 (mid '0'): m='application' 'TCP/DTLS/SCTP' answers the offer's "
          "m=application UDP/DTLS/SCTP: media and proto must be the offer's (RFC 9429 §5.8.3)");
  }
}

TEST_CASE("an answer whose mids are not the offer's is refused") {
  const Description offer = lucid_offer();
  Description answer = lucid_answer(offer);
  SECTION("another mid") {
    answer.media[0].mid = "data";
    answer.groups.clear();
    CHECK(refusal(check_answer(offer, answer)) ==
          "m= section 1 (mid 'data'): a=mid:'data' answers the offer's a=mid:'0': the answer "
          "keeps the offer's mids (RFC 9429 §5.3.1)");
  }
  SECTION("no mid") {
    answer.media[0].mid.reset();
    answer.groups.clear();
    CHECK(refusal(check_answer(offer, answer)) ==
          "m= section 1: no a=mid answers the offer's a=mid:'0': the answer keeps the offer's "
          "mids (RFC 9429 §5.3.1)");
  }
}

TEST_CASE("an answer whose BUNDLE group names what the offer did not bundle is refused") {
  Description offer = lucid_offer();
  SECTION("a mid that is nowhere") {
    Description answer = lucid_answer(offer);
    answer.groups[0].mids.push_back("5");
    CHECK(refusal(check_answer(offer, answer)) ==
          "a=group:BUNDLE: names mid '5', which the offer did not bundle: an answer may only "
          "bundle what the offer bundled (RFC 8843 §7.3)");
  }
  SECTION("a section the offer left out of its group") {
    offer.media.insert(offer.media.begin(), audio_section("a"));
    Description answer = lucid_answer(offer);
    answer.groups[0].mids.push_back("a");
    CHECK(refusal(check_answer(offer, answer)) ==
          "a=group:BUNDLE: names mid 'a', which the offer did not bundle: an answer may only "
          "bundle what the offer bundled (RFC 8843 §7.3)");
  }
  SECTION("a section the answer rejects") {
    offer.media.insert(offer.media.begin(), audio_section("a"));
    offer.groups[0].mids.insert(offer.groups[0].mids.begin(), "a");
    Description answer = lucid_answer(offer);
    REQUIRE(answer.media[0].port == 0);  // lucid has no audio yet
    answer.groups[0].mids.insert(answer.groups[0].mids.begin(), "a");
    CHECK(refusal(check_answer(offer, answer)) ==
          "a=group:BUNDLE: names mid 'a', which the answer rejects with port 0: a rejected "
          "section leaves the BUNDLE group (RFC 8843 §7.3.3)");
  }
}

TEST_CASE("an answer with a=setup:holdconn is refused, naming the attribute") {
  const Description offer = lucid_offer();
  Description answer = lucid_answer(offer);
  answer.media[0].setup = Setup::Holdconn;
  CHECK(refusal(check_answer(offer, answer)) ==
        "m= section 1 (mid '0'): a=setup:holdconn is not allowed with DTLS (RFC 8842 §5.1)");
}
