// setRemoteDescription refuses an answer that does not answer our offer, and an offer with
// a=setup:holdconn (sdp/offer_answer_rules.h), before anything changes: the error names the rule,
// the signalling state stays where it was, and the right description then still connects.
#include <catch2/catch.hpp>

#include <string>

#include "peer/peer_connection.h"
#include "two_peers.h"

using namespace lucid;
using lucid::testing::TwoPeers;

namespace {

// `text` with the first `from` replaced by `to`; the test fails if `from` is not there.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// The answer's m= section, from its m= line to the end.
std::string data_section(const std::string& sdp) {
  const auto at = sdp.find("m=application");
  REQUIRE(at != std::string::npos);
  return sdp.substr(at);
}

bool both_connected(TwoPeers& p) {
  return p.run_until([&] {
    return p.a.connection_state() == PeerConnectionState::Connected &&
           p.b.connection_state() == PeerConnectionState::Connected;
  });
}

struct BadAnswer {
  const char* name;
  std::string (*edit)(const std::string& answer);
  const char* error;
};

const BadAnswer kBadAnswers[] = {
    {"an answer whose mid is not the offer's",
     [](const std::string& sdp) {
       return replaced(replaced(sdp, "a=mid:0", "a=mid:1"), "a=group:BUNDLE 0", "a=group:BUNDLE 1");
     },
     "remote description: m= section 1 (mid '1'): a=mid:'1' answers the offer's a=mid:'0': the "
     "answer keeps the offer's mids (RFC 9429 §5.3.1)"},
    {"an answer with a second m=application",
     [](const std::string& sdp) { return sdp + replaced(data_section(sdp), "a=mid:0", "a=mid:1"); },
     "remote description: the answer has 2 m= section(s) and the offer 1: an answer has one per "
     "offered section (RFC 3264 §6)"},
    {"an answer with an m=audio the offer did not have",
     [](const std::string& sdp) {
       return sdp + "m=audio 0 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\n";
     },
     "remote description: the answer has 2 m= section(s) and the offer 1: an answer has one per "
     "offered section (RFC 3264 §6)"},
    {"an answer whose BUNDLE group names a mid the offer never had",
     [](const std::string& sdp) { return replaced(sdp, "a=group:BUNDLE 0", "a=group:BUNDLE 0 7"); },
     "remote description: a=group:BUNDLE: names mid '7', which the offer did not bundle: an answer "
     "may only bundle what the offer bundled (RFC 8843 §7.3)"},
    {"an answer with a=setup:holdconn",
     [](const std::string& sdp) { return replaced(sdp, "a=setup:active", "a=setup:holdconn"); },
     "remote description: m= section 1 (mid '0'): a=setup:holdconn is not allowed with DTLS "
     "(RFC 8842 §5.1)"},
};

}  // namespace

TEST_CASE("an answer that does not match the offer is refused, and the real answer then connects") {
  for (const BadAnswer& row : kBadAnswers) {
    SECTION(row.name) {
      TwoPeers p;
      std::optional<Status> refused;
      SignalingState after = SignalingState::Closed;
      // The hook sees b's answer on its way to a: a is handed a spoiled copy first, then the
      // answer itself (exchange_descriptions sets it after the hook).
      REQUIRE(p.exchange_descriptions([&](SessionDescription& answer) {
        refused = p.a.set_remote_description({SdpType::Answer, row.edit(answer.sdp)}, p.now());
        after = p.a.signaling_state();
      }));
      REQUIRE(refused.has_value());
      REQUIRE_FALSE(refused->ok());
      CHECK(refused->error().message() == row.error);
      CHECK(after == SignalingState::HaveLocalOffer);
      CHECK(p.a.signaling_state() == SignalingState::Stable);
      CHECK(both_connected(p));
    }
  }
}

TEST_CASE("an offer with a=setup:holdconn is refused, and the real offer then connects") {
  TwoPeers p;
  p.a.set_local_description(p.a.create_offer(), p.now());
  REQUIRE(p.run_until([&] { return p.a.ice_gathering_state() == IceGatheringState::Complete; }));
  const SessionDescription offer = *p.a.local_description();

  const auto refused = p.b.set_remote_description(
      {SdpType::Offer, replaced(offer.sdp, "a=setup:actpass", "a=setup:holdconn")}, p.now());
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message() ==
        "remote description: m= section 1 (mid '0'): a=setup:holdconn is not allowed with DTLS "
        "(RFC 8842 §5.1)");
  CHECK(p.b.signaling_state() == SignalingState::Stable);
  CHECK_FALSE(p.b.remote_description().has_value());

  REQUIRE(p.b.set_remote_description(offer, p.now()).ok());
  CHECK(p.b.signaling_state() == SignalingState::HaveRemoteOffer);
  p.b.set_local_description(p.b.create_answer(), p.now());
  REQUIRE(p.run_until([&] { return p.b.ice_gathering_state() == IceGatheringState::Complete; }));
  REQUIRE(p.a.set_remote_description(*p.b.local_description(), p.now()).ok());
  CHECK(both_connected(p));
}
