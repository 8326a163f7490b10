// Signalling: the JSEP half of a PeerConnection (RFC 9429) — the descriptions we write and the
// ones we are given, the signalling state, and what each description tells the transport stack.
//
// It never touches ICE, DTLS or SCTP. It writes our offer or answer from the local parameters
// (ICE credentials, the certificate's fingerprint), reads the peer's description and refuses
// one the stack could not use before anything changes, and hands the PeerConnection what the
// transport stack needs: the ICE role and the peer's credentials and candidates (RemoteIce),
// and, once both descriptions are set, the DTLS role and fingerprints and the SCTP ports and
// message sizes (peer/dtls_parameters.h, SctpParameters).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "ice/agent.h"
#include "peer/dtls_parameters.h"
#include "peer/peer_connection.h"
#include "sdp/description.h"
#include "sdp/jsep_offer_answer.h"
#include "peer/signaling_state.h"

namespace lucid {

// What a remote description gives ICE (RFC 8839): credentials, candidates, ice-lite.
struct RemoteIce {
  ice::Role role;  // ours, from who offered (RFC 8445 §6.1.1: the offerer controls)
  ice::Credentials credentials;
  std::vector<sdp::Candidate> candidates;
  bool end_of_candidates = false;
  bool ice_lite = false;
};

// The two a=sctp-port values and a=max-message-size values (RFC 8841 §5, §6).
struct SctpParameters {
  std::uint16_t local_port = 5000;
  std::uint16_t remote_port = 5000;
  std::uint64_t local_max_message_size = 0;
  std::uint64_t remote_max_message_size = 0;
};

class Signalling {
 public:
  // `name` starts each trace line ("a: "); `events` is the connection's queue, where
  // signalingstatechange goes. Both outlive the object.
  Signalling(sdp::LocalParameters local, sdp::Origin origin, const std::string& name,
             std::deque<PeerConnectionEvent>& events);

  // createOffer / createAnswer (RFC 9429 §5.2, §5.3); InvalidStateError in the wrong state.
  SessionDescription create_offer();
  SessionDescription create_answer();

  // setLocalDescription: a description we wrote. Returns the ICE role it gives us. Throws
  // InvalidStateError in the wrong state, std::invalid_argument for text that is not ours.
  ice::Role set_local_description(const SessionDescription& description);
  // setRemoteDescription: the peer's. Refused with an error saying what is wrong (and nothing
  // changes) when the stack could not use it; else what it gives ICE.
  Result<RemoteIce> set_remote_description(const SessionDescription& description);
  // addIceCandidate's check of sdpMid against the remote data channel section (RFC 8838 §4).
  bool remote_mid_matches(const std::optional<std::string>& mid) const;

  // Once both descriptions are set: what DTLS and SCTP need from them. Checked when the second
  // one was set, so these succeed then.
  bool complete() const { return local_.has_value() && remote_.has_value(); }
  Result<DtlsParameters> dtls_parameters() const;
  SctpParameters sctp_parameters() const;

  // localDescription, with the candidates gathered so far and, once `gathering_complete`,
  // a=end-of-candidates (W3C webrtc-pc §4.4.1.6); remoteDescription as given.
  std::optional<SessionDescription> local_description(const std::vector<sdp::Candidate>& gathered,
                                                      bool gathering_complete) const;
  std::optional<SessionDescription> remote_description() const;
  // The mid and m-line index of our data channel section, for IceCandidateEvent.
  std::optional<std::string> local_mid() const;
  std::uint16_t local_m_line_index() const { return static_cast<std::uint16_t>(local_section_); }

  SignalingState state() const { return machine_.state(); }
  void close();

 private:
  void change_state(SignalingState before, SignalingState next);
  // RFC 9429 §5.2.2: each new description of the session increments the o= version.
  sdp::Origin next_origin();
  std::string prefix() const { return name_.empty() ? std::string() : name_ + ": "; }

  sdp::LocalParameters local_parameters_;
  sdp::Origin origin_;
  const std::string& name_;
  std::deque<PeerConnectionEvent>& events_;
  SignalingStateMachine machine_;
  std::optional<sdp::Description> local_;
  SdpType local_type_ = SdpType::Offer;
  std::size_t local_section_ = 0;
  std::optional<sdp::Description> remote_;
  SdpType remote_type_ = SdpType::Offer;
  std::size_t remote_section_ = 0;
};

}  // namespace lucid
