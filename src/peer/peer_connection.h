// PeerConnection — lucid's RTCPeerConnection (W3C webrtc-pc §4), the face a learner meets first.
//
// Table of contents, in the order a session uses them:
//   create_offer / create_answer          JSEP (RFC 9429 §5.2, §5.3): write our description
//   set_local_description                 commit it; ICE gathering starts (RFC 8445 §5.1)
//   set_remote_description                the peer's description: its ICE credentials and
//                                         candidates reach the ICE agent
//   add_ice_candidate                     a trickled candidate from the peer (RFC 8838)
//   create_data_channel                   a DataChannel (peer/data_channel.h), opened with
//                                         DCEP once SCTP is up (RFC 8832)
//   poll_event                            icecandidate, icecandidateerror,
//                                         icegatheringstatechange,
//                                         iceconnectionstatechange, connectionstatechange,
//                                         signalingstatechange, datachannel, and each
//                                         channel's open, message, close, error,
//                                         bufferedamountlow
//   get_stats                             getStats: bytes, messages, the pair's rtt, DTLS cipher
//   handle_input / poll_transmit /        the sans-IO engine room: datagrams in and out, and
//   poll_timeout / handle_timeout         time (src/net's PeerHost runs these on real sockets)
//
// The description has one data channel m-section (m=application ... UDP/DTLS/SCTP
// webrtc-datachannel); once ICE connects, the DTLS handshake runs over the selected pair with
// the certificate whose fingerprint the SDP announced; once DTLS connects, an sctp::Association
// runs inside it (RFC 8261) between the two a=sctp-port values, and the data channels open on
// it. connectionstatechange says "connected" when ICE, DTLS and SCTP are all up.
//
// Where the layers meet: sdp writes and reads the text, ice finds the path, dtls secures it; this
// class turns a=candidate lines into ice candidates and back (peer/candidates.h), gives ice the
// credentials from a=ice-ufrag / a=ice-pwd, and gives dtls its role from a=setup and the peer's
// a=fingerprint (peer/dtls_parameters.h).
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/address.h"
#include "common/bytes.h"
#include "common/datagram.h"
#include "common/sans_io.h"
#include "common/random.h"
#include "common/result.h"
#include "common/time.h"
#include "dtls/certificate.h"
#include "dtls/keylog.h"
#include "dtls/transport.h"
#include "ice/agent.h"
#include "peer/data_channel.h"
#include "peer/stats.h"
#include "peer/connection_state.h"
#include "sdp/session_description.h"
#include "peer/signaling_state.h"

namespace lucid {

// RTCSessionDescriptionInit {type, sdp} and RTCSdpType come from sdp; RTCSignalingState and its
// state machine (JSEP, RFC 9429 §3.2) are peer/signaling_state.h, the W3C errors peer/errors.h.
using sdp::SdpType;
using sdp::SessionDescription;

// RTCIceGatheringState and RTCIceConnectionState: with BUNDLE there is one ICE transport, so
// these are the ICE agent's own states (webrtc-pc §4.4.4), defined once in ice/agent.h, with
// their to_string ("new", "gathering", "complete"; "new", "checking", "connected", ...).
using IceGatheringState = ice::GatheringState;
using IceConnectionState = ice::AgentState;

// RTCConfiguration, the part this cut uses.
struct PeerConnectionConfiguration {
  // Shown before this connection's trace lines ("a: ..."), for two peers in one process.
  std::string name;
  // The trace layers to show for this connection's work: a comma list as LUCID_TRACE takes it
  // ("stun,ice,sdp,dtls,sctp,dcep,pc,net", or "all"). Only this connection's work is traced so
  // (common/trace.h: PeerScope); the layers on for the whole process (trace::enable,
  // $LUCID_TRACE) show as well. Empty: just those. Not in RTCConfiguration: lucid's own.
  std::string trace;
  // RTCIceServer urls, "stun:127.0.0.1:3478" ("stun:host" means port 3478). Only IP literals:
  // the connection is sans-IO and resolves no names. A "turn:"/"turns:" URL is accepted but
  // lucid has no TURN client yet: when gathering starts, an IceCandidateErrorEvent (701) says
  // so, and the connection goes on with its other candidates. A malformed URL, or another
  // scheme, is refused (the constructor throws, as the browser throws SyntaxError).
  std::vector<std::string> ice_servers;
  // RTCCertificate: the certificate whose fingerprint we announce and DTLS presents; generated
  // when not given.
  std::optional<dtls::Certificate> certificate;
  // Where DTLS writes its secrets for Wireshark (NSS key log). When null, $SSLKEYLOGFILE if set.
  std::shared_ptr<dtls::KeyLog> key_log;
};

// RTCIceCandidateInit: what onicecandidate gives and addIceCandidate takes.
struct IceCandidateInit {
  std::string candidate;  // "candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host"; empty = end
  std::optional<std::string> sdp_mid;
  std::optional<std::uint16_t> sdp_m_line_index;
};

// Events (W3C names). RTCPeerConnectionIceEvent: `candidate` is nullopt once gathering is done
// (the browser's event.candidate === null), the signal for end-of-candidates.
struct IceCandidateEvent {
  std::optional<IceCandidateInit> candidate;
};
// RTCPeerConnectionIceErrorEvent "icecandidateerror": gathering could not use an ICE server.
// errorCode is the server's STUN error code, or 701 when no host candidate reached the server,
// which is how lucid reports a turn: URL while it has no TURN client (errorText says so).
// address/port: the local candidate that talked to the server; nullopt when none did.
struct IceCandidateErrorEvent {
  std::optional<std::string> address;
  std::optional<std::uint16_t> port;
  std::string url;
  std::uint16_t error_code;
  std::string error_text;
};
struct IceGatheringStateChangeEvent {
  IceGatheringState state;
};
struct IceConnectionStateChangeEvent {
  IceConnectionState state;
};
struct SignalingStateChangeEvent {
  SignalingState state;
};
struct ConnectionStateChangeEvent {  // RTCPeerConnection connectionstatechange
  PeerConnectionState state;
};
// The data channel events (DataChannelEvent for "datachannel", then one per channel event) are
// in peer/data_channel.h.
using PeerConnectionEvent =
    std::variant<IceCandidateEvent, IceCandidateErrorEvent, IceGatheringStateChangeEvent,
                 IceConnectionStateChangeEvent, SignalingStateChangeEvent,
                 ConnectionStateChangeEvent, DataChannelEvent,
                 DataChannelOpenEvent, DataChannelMessageEvent, DataChannelClosingEvent,
                 DataChannelCloseEvent,
                 DataChannelErrorEvent, BufferedAmountLowEvent>;

class PeerConnection {
 public:
  // Throws std::invalid_argument for a malformed ice server URL, or a scheme other than stun:,
  // turn: and turns:. `random` must outlive it.
  explicit PeerConnection(PeerConnectionConfiguration configuration,
                          Random& random = crypto_random());
  ~PeerConnection();
  PeerConnection(PeerConnection&&) noexcept;
  PeerConnection& operator=(PeerConnection&&) noexcept;

  // ---- where we can be reached (given by src/net, or by a test) ----
  // A UDP socket the caller bound: it becomes a host candidate when gathering starts.
  void add_local_address(const SocketAddress& address);

  // ---- signalling (RFC 9429) ----
  // Errors that come from the peer's text (bad SDP, a bad candidate line) are returned; calling
  // in the wrong signalling state throws InvalidStateError, as the browser does.
  SessionDescription create_offer();
  SessionDescription create_answer();
  void set_local_description(const SessionDescription& description, Timestamp now);
  Status set_remote_description(const SessionDescription& description, Timestamp now);
  Status add_ice_candidate(const IceCandidateInit& candidate, Timestamp now);

  // The current descriptions; the local one carries every candidate gathered so far, and
  // a=end-of-candidates once gathering is complete (what non-trickle signalling sends).
  std::optional<SessionDescription> local_description() const;
  std::optional<SessionDescription> remote_description() const;
  SignalingState signaling_state() const;
  IceGatheringState ice_gathering_state() const;
  IceConnectionState ice_connection_state() const;
  // ---- data channels (webrtc-pc §6.1) ----
  // createDataChannel: the channel opens (DATA_CHANNEL_OPEN, or at once if negotiated) when
  // SCTP is up; it may be created before any description. Throws std::invalid_argument where
  // the browser throws TypeError (both max_retransmits and max_packet_life_time; negotiated
  // without id; a label or protocol over 65535 bytes) and InvalidStateError once closed.
  std::shared_ptr<DataChannel> create_data_channel(const std::string& label,
                                                   const DataChannelInit& init = {});

  // RTCPeerConnection.connectionState: ICE, DTLS and SCTP together (webrtc-pc §4.3.3).
  PeerConnectionState connection_state() const;
  // Ends DTLS (close_notify) and ICE; states become closed.
  void close();

  // ---- sans-IO ----
  // Every datagram that arrived on the socket bound to `datagram.local`: it enters the stack
  // through ICE (peer/transport_stack.h), which keeps STUN and hands DTLS up; anything else is
  // dropped with a trace line. No input from the far side makes this throw.
  void handle_input(const Datagram& datagram, Timestamp now);
  std::optional<Datagram> poll_transmit();
  std::optional<Timestamp> poll_timeout() const;
  void handle_timeout(Timestamp now);
  std::optional<PeerConnectionEvent> poll_event();

  // getConfiguration(): the configuration as given to the constructor.
  const PeerConnectionConfiguration& configuration() const;

  // The ICE agent (from the start: every datagram enters through it), for inspection: pairs,
  // the selected pair.
  const ice::Agent* ice_agent() const;
  // The DTLS transport (RTCDtlsTransport), once both descriptions are set: its state, the
  // negotiated cipher suite, the SRTP keys (for src/srtp), the peer's certificate fingerprint.
  const dtls::Transport* dtls_transport() const;

  // getStats (peer/stats.h): bytes and packets on the transport, the selected pair and its
  // round-trip time, the DTLS cipher and fingerprints, messages and bytes per data channel.
  PeerConnectionStats get_stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

static_assert(SansIo<PeerConnection, const Datagram&, Datagram>);

}  // namespace lucid
