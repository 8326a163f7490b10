// What peer reads from a remote description: the data channel's transport, checked.
#include <catch2/catch.hpp>

#include "sdp/parser.h"
#include "sdp/remote_transport.h"
#include "sdp_files.h"

using namespace lucid::sdp;
using lucid::sdp::test::read_corpus;

namespace {

Description corpus(const std::string& name) {
  auto parsed = parse(read_corpus(name));
  REQUIRE(parsed.ok());
  return *parsed;
}

}  // namespace

TEST_CASE("the transport of a Chromium data channel offer") {
  auto t = read_remote_transport(corpus("chromium_datachannel_mdns_offer.sdp"), SdpType::Offer);
  REQUIRE(t.ok());
  CHECK(t->media_index == 0);
  CHECK(t->mid == "0");
  CHECK(t->ice_ufrag == "OpDk");
  CHECK(t->ice_pwd == "OPd9GWsmjbN25gJMosh+0wjg");
  CHECK(t->trickle);
  CHECK_FALSE(t->ice_lite);
  CHECK(t->candidates.size() == 1);
  CHECK_FALSE(t->end_of_candidates);
  REQUIRE(t->fingerprints.size() == 1);
  CHECK(t->setup == Setup::Actpass);
  CHECK(t->sctp_port == 5000);
  CHECK(t->max_message_size == 262144u);
}

TEST_CASE("session-level values apply to the data section: Firefox and libdatachannel") {
  auto firefox = read_remote_transport(corpus("firefox_datachannel_offer.sdp"), SdpType::Offer);
  REQUIRE(firefox.ok());
  CHECK(firefox->fingerprints.at(0).value.at(0) == 0x39);
  CHECK(firefox->end_of_candidates);
  CHECK(firefox->candidates.size() == 4);
  CHECK(firefox->max_message_size == 1073741823u);

  auto legacy = read_remote_transport(corpus("firefox_legacy_datachannel_offer.sdp"), SdpType::Offer);
  REQUIRE(legacy.ok());
  CHECK(legacy->sctp_port == 5000);

  auto shaped = read_remote_transport(corpus("handwritten_firefox_shaped_av_data_offer.sdp"), SdpType::Offer);
  REQUIRE(shaped.ok());
  CHECK(shaped->media_index == 2);
  CHECK(shaped->ice_ufrag == "7d1c9e2a");
  CHECK(shaped->trickle);  // from the session level
}

TEST_CASE("candidates listed only in the first section of the BUNDLE group are found") {
  Description d = corpus("handwritten_chromium_shaped_av_data_offer.sdp");
  auto host = Candidate::parse("candidate:1 1 udp 2122260223 10.77.0.1 50000 typ host");
  REQUIRE(host.ok());
  d.media[0].candidates.push_back(*host);  // where max-bundle Chromium puts them
  auto t = read_remote_transport(d, SdpType::Offer);
  REQUIRE(t.ok());
  CHECK(t->media_index == 2);
  REQUIRE(t->candidates.size() == 1);
  CHECK(t->candidates[0].address == "10.77.0.1");
}

TEST_CASE("a remote description a browser would refuse is refused with the reason") {
  CHECK(read_remote_transport(corpus("chromium_audio_offer.sdp"), SdpType::Offer).error().message() ==
        "the description has no data channel section that is not rejected");

  Description no_pwd = corpus("chromium_datachannel_mdns_offer.sdp");
  no_pwd.media[0].ice_pwd.reset();
  CHECK(read_remote_transport(no_pwd, SdpType::Offer).error().message() ==
        "the data channel section has no a=ice-ufrag and a=ice-pwd");

  Description no_fingerprint = corpus("chromium_datachannel_mdns_offer.sdp");
  no_fingerprint.media[0].fingerprints.clear();
  CHECK(read_remote_transport(no_fingerprint, SdpType::Offer).error().message() ==
        "the data channel section has no a=fingerprint");

  // An answer must pick a role.
  Description actpass_answer = corpus("chromium_datachannel_mdns_offer.sdp");
  CHECK(read_remote_transport(actpass_answer, SdpType::Answer).error().message() ==
        "an answer must say a=setup:active or passive, not actpass");
  actpass_answer.media[0].setup = Setup::Active;
  auto ok = read_remote_transport(actpass_answer, SdpType::Answer);
  REQUIRE(ok.ok());
  CHECK(ok->setup == Setup::Active);
}
