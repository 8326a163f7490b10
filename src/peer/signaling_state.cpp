#include "peer/signaling_state.h"

#include <optional>

#include "common/trace.h"

namespace lucid {

using sdp::SdpType;

std::string_view to_string(SignalingState state) {
  switch (state) {
    case SignalingState::Stable: return "stable";
    case SignalingState::HaveLocalOffer: return "have-local-offer";
    case SignalingState::HaveRemoteOffer: return "have-remote-offer";
    case SignalingState::HaveLocalPranswer: return "have-local-pranswer";
    case SignalingState::HaveRemotePranswer: return "have-remote-pranswer";
    case SignalingState::Closed: return "closed";
  }
  return "stable";
}

namespace {

using S = SignalingState;

// RFC 9429 §3.2 (the state diagram) and the W3C table of "set the session description".
std::optional<S> next_state(S state, bool local, SdpType type) {
  switch (type) {
    case SdpType::Offer:
      // A new offer from the side that already offered replaces it (re-offer).
      if (local && (state == S::Stable || state == S::HaveLocalOffer)) return S::HaveLocalOffer;
      if (!local && (state == S::Stable || state == S::HaveRemoteOffer)) return S::HaveRemoteOffer;
      return std::nullopt;
    case SdpType::Pranswer:
      if (local && (state == S::HaveRemoteOffer || state == S::HaveLocalPranswer)) return S::HaveLocalPranswer;
      if (!local && (state == S::HaveLocalOffer || state == S::HaveRemotePranswer)) return S::HaveRemotePranswer;
      return std::nullopt;
    case SdpType::Answer:
      if (local && (state == S::HaveRemoteOffer || state == S::HaveLocalPranswer)) return S::Stable;
      if (!local && (state == S::HaveLocalOffer || state == S::HaveRemotePranswer)) return S::Stable;
      return std::nullopt;
    case SdpType::Rollback:
      // W3C webrtc-pc, "set the session description": rollback is refused in stable and in the pranswer states;
      // it cancels a pending offer, whichever side made it.
      if (state == S::HaveLocalOffer || state == S::HaveRemoteOffer) return S::Stable;
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

SignalingState SignalingStateMachine::transition(bool local, SdpType type) const {
  const char* call = local ? "setLocalDescription" : "setRemoteDescription";
  auto next = state_ == S::Closed ? std::nullopt : next_state(state_, local, type);
  if (!next) {
    throw InvalidStateError(std::string(call) + "(" + std::string(to_string(type)) +
                            ") is not allowed in signaling state " + std::string(to_string(state_)));
  }
  return *next;
}

SignalingState SignalingStateMachine::set_local_description(SdpType type) {
  SignalingState next = transition(true, type);
  LUCID_TRACE("sdp", "setLocalDescription(", to_string(type), "): ", to_string(state_), " -> ", to_string(next));
  state_ = next;
  return state_;
}

SignalingState SignalingStateMachine::set_remote_description(SdpType type) {
  SignalingState next = transition(false, type);
  LUCID_TRACE("sdp", "setRemoteDescription(", to_string(type), "): ", to_string(state_), " -> ", to_string(next));
  state_ = next;
  return state_;
}

void SignalingStateMachine::check_create_offer() const {
  if (state_ == S::Closed) throw InvalidStateError("createOffer is not allowed in signaling state closed");
}

void SignalingStateMachine::check_create_answer() const {
  // W3C webrtc-pc, createAnswer(): "If connection.[[SignalingState]] is neither
  // have-remote-offer nor have-local-pranswer, reject with InvalidStateError."
  if (state_ != S::HaveRemoteOffer && state_ != S::HaveLocalPranswer) {
    throw InvalidStateError("createAnswer is not allowed in signaling state " + std::string(to_string(state_)));
  }
}

}  // namespace lucid
