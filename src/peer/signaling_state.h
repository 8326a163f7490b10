// The JSEP signalling state machine (RFC 9429 §3.2, and the W3C RTCSignalingState): which
// description may be set next. The offerer goes stable -> have-local-offer -> stable; the
// answerer goes stable -> have-remote-offer -> stable. A call the state does not allow throws
// InvalidStateError, as the browser rejects it with a DOMException of that name.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "peer/errors.h"
#include "sdp/session_description.h"

namespace lucid {

enum class SignalingState : std::uint8_t {
  Stable,              // "stable": no offer/answer exchange in progress
  HaveLocalOffer,      // "have-local-offer": our offer is set, waiting for the answer
  HaveRemoteOffer,     // "have-remote-offer": their offer is set, we owe an answer
  HaveLocalPranswer,   // "have-local-pranswer": we gave a provisional answer
  HaveRemotePranswer,  // "have-remote-pranswer": they gave a provisional answer
  Closed,              // "closed": the PeerConnection was closed
};
std::string_view to_string(SignalingState state);

class SignalingStateMachine {
 public:
  SignalingState state() const { return state_; }

  // setLocalDescription / setRemoteDescription with a description of `type`: moves to the next
  // state and returns it, or throws InvalidStateError ("setRemoteDescription(answer) is not
  // allowed in signaling state stable"). A rollback returns to stable from have-local-offer or
  // have-remote-offer (W3C webrtc-pc "set the session description", RFC 9429 §4.1.8.2).
  SignalingState set_local_description(sdp::SdpType type);
  SignalingState set_remote_description(sdp::SdpType type);

  // createOffer is allowed in every state but closed; createAnswer only when a remote offer is
  // waiting for an answer (have-remote-offer or have-local-pranswer). Both throw otherwise.
  void check_create_offer() const;
  void check_create_answer() const;

  // RTCPeerConnection.close(): closed for good. Closing twice does nothing.
  void close() { state_ = SignalingState::Closed; }

 private:
  SignalingState transition(bool local, sdp::SdpType type) const;

  SignalingState state_ = SignalingState::Stable;
};

}  // namespace lucid
