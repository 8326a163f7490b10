// The JSEP signalling state machine (RFC 9429 §3.2) with W3C's rules for rollback.
#include <catch2/catch.hpp>

#include "peer/signaling_state.h"

using namespace lucid;
using lucid::sdp::SdpType;
using S = SignalingState;

namespace {

SignalingStateMachine in_state(S target) {
  SignalingStateMachine m;
  switch (target) {
    case S::Stable: break;
    case S::HaveLocalOffer: m.set_local_description(SdpType::Offer); break;
    case S::HaveRemoteOffer: m.set_remote_description(SdpType::Offer); break;
    case S::HaveLocalPranswer:
      m.set_remote_description(SdpType::Offer);
      m.set_local_description(SdpType::Pranswer);
      break;
    case S::HaveRemotePranswer:
      m.set_local_description(SdpType::Offer);
      m.set_remote_description(SdpType::Pranswer);
      break;
    case S::Closed: m.close(); break;
  }
  REQUIRE(m.state() == target);
  return m;
}

constexpr S kAllStates[] = {S::Stable, S::HaveLocalOffer, S::HaveRemoteOffer,
                            S::HaveLocalPranswer, S::HaveRemotePranswer, S::Closed};
constexpr SdpType kAllTypes[] = {SdpType::Offer, SdpType::Pranswer, SdpType::Answer, SdpType::Rollback};

}  // namespace

TEST_CASE("offerer and answerer walk through the states of one negotiation") {
  SignalingStateMachine offerer, answerer;
  CHECK(offerer.state() == S::Stable);
  CHECK(offerer.set_local_description(SdpType::Offer) == S::HaveLocalOffer);
  CHECK(answerer.set_remote_description(SdpType::Offer) == S::HaveRemoteOffer);
  answerer.check_create_answer();
  CHECK(answerer.set_local_description(SdpType::Pranswer) == S::HaveLocalPranswer);
  CHECK(offerer.set_remote_description(SdpType::Pranswer) == S::HaveRemotePranswer);
  CHECK(answerer.set_local_description(SdpType::Answer) == S::Stable);
  CHECK(offerer.set_remote_description(SdpType::Answer) == S::Stable);
  CHECK(to_string(offerer.state()) == "stable");
}

TEST_CASE("rollback cancels a pending offer on either side") {
  auto local = in_state(S::HaveLocalOffer);
  CHECK(local.set_local_description(SdpType::Rollback) == S::Stable);
  auto remote = in_state(S::HaveRemoteOffer);
  CHECK(remote.set_remote_description(SdpType::Rollback) == S::Stable);
  auto remote_by_local_call = in_state(S::HaveRemoteOffer);
  CHECK(remote_by_local_call.set_local_description(SdpType::Rollback) == S::Stable);
  // After a rollback the other side's offer can be taken (glare resolved).
  CHECK(local.set_remote_description(SdpType::Offer) == S::HaveRemoteOffer);
}

TEST_CASE("re-offers from the same side keep the offer state") {
  auto local = in_state(S::HaveLocalOffer);
  CHECK(local.set_local_description(SdpType::Offer) == S::HaveLocalOffer);
  auto remote = in_state(S::HaveRemoteOffer);
  CHECK(remote.set_remote_description(SdpType::Offer) == S::HaveRemoteOffer);
}

TEST_CASE("every call the state does not allow throws InvalidStateError and changes nothing") {
  // The allowed (state, local?, type) triples; everything else must throw.
  struct Allowed {
    S state;
    bool local;
    SdpType type;
  };
  const Allowed allowed[] = {
      {S::Stable, true, SdpType::Offer},          {S::HaveLocalOffer, true, SdpType::Offer},
      {S::HaveRemoteOffer, true, SdpType::Pranswer}, {S::HaveLocalPranswer, true, SdpType::Pranswer},
      {S::HaveRemoteOffer, true, SdpType::Answer},   {S::HaveLocalPranswer, true, SdpType::Answer},
      {S::HaveLocalOffer, true, SdpType::Rollback},  {S::HaveRemoteOffer, true, SdpType::Rollback},
      {S::Stable, false, SdpType::Offer},            {S::HaveRemoteOffer, false, SdpType::Offer},
      {S::HaveLocalOffer, false, SdpType::Pranswer}, {S::HaveRemotePranswer, false, SdpType::Pranswer},
      {S::HaveLocalOffer, false, SdpType::Answer},   {S::HaveRemotePranswer, false, SdpType::Answer},
      {S::HaveLocalOffer, false, SdpType::Rollback}, {S::HaveRemoteOffer, false, SdpType::Rollback},
  };
  int refused = 0;
  for (S state : kAllStates) {
    for (bool local : {true, false}) {
      for (SdpType type : kAllTypes) {
        bool ok = false;
        for (const auto& a : allowed) ok = ok || (a.state == state && a.local == local && a.type == type);
        auto m = in_state(state);
        INFO(to_string(state) << (local ? " local " : " remote ") << to_string(type));
        if (ok) {
          CHECK_NOTHROW(local ? m.set_local_description(type) : m.set_remote_description(type));
          continue;
        }
        ++refused;
        std::string expected = std::string(local ? "setLocalDescription(" : "setRemoteDescription(") +
                               std::string(to_string(type)) + ") is not allowed in signaling state " +
                               std::string(to_string(state));
        CHECK_THROWS_MATCHES(local ? m.set_local_description(type) : m.set_remote_description(type),
                             InvalidStateError, Catch::Message(expected));
        CHECK(m.state() == state);
      }
    }
  }
  CHECK(refused == 6 * 2 * 4 - 16);
}

TEST_CASE("createAnswer needs a remote offer, and nothing works once closed") {
  for (S state : kAllStates) {
    auto m = in_state(state);
    INFO(to_string(state));
    if (state == S::HaveRemoteOffer || state == S::HaveLocalPranswer) {
      CHECK_NOTHROW(m.check_create_answer());
    } else {
      CHECK_THROWS_MATCHES(m.check_create_answer(), InvalidStateError,
                           Catch::Message("createAnswer is not allowed in signaling state " + std::string(to_string(state))));
    }
    if (state == S::Closed) {
      CHECK_THROWS_AS(m.check_create_offer(), InvalidStateError);
    } else {
      CHECK_NOTHROW(m.check_create_offer());
    }
  }
  auto closed = in_state(S::Closed);
  closed.close();  // closing twice is fine
  CHECK(closed.state() == S::Closed);
  CHECK(to_string(S::HaveRemotePranswer) == "have-remote-pranswer");
}
