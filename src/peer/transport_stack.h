// TransportStack: the transport half of a PeerConnection — ICE, then DTLS over ICE's selected
// pair, then SCTP inside DTLS (RFC 8261), with the place for SRTP beside SCTP.
//
//   datagram ─▶ handle_input ─▶ ice::Agent::handle_input  (STUN stays in ICE; RFC 7983 once)
//                                 └─ Payload{Dtls}    ─▶ dtls::Transport ─▶ SctpTransport
//                                 └─ Payload{RtpRtcp} ─▶ (srtp: the media issue)
//   SctpTransport ─▶ dtls::Transport::send ─▶ ice::Agent::send ─▶ poll_transmit ─▶ datagram
//
// Its phase says how far up the layers it has come, and one function (advance) moves it on
// after every input, in one drain order: ICE's events, DTLS's events (which feed SCTP), SCTP's
// packets into DTLS, DTLS's records onto ICE, then the connection state they make together.
// Signalling (peer/signalling.h) tells it what the descriptions said; it knows no SDP.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/datagram.h"
#include "common/random.h"
#include "common/time.h"
#include "common/trace.h"
#include "dtls/certificate.h"
#include "dtls/keylog.h"
#include "dtls/transport.h"
#include "ice/agent.h"
#include "peer/dtls_parameters.h"
#include "peer/peer_connection.h"
#include "peer/sctp_transport.h"
#include "peer/signalling.h"

namespace lucid {

struct TransportConfiguration {
  std::vector<SocketAddress> stun_servers;
  std::vector<std::string> turn_servers;  // reported as unsupported while gathering
  dtls::Certificate certificate;
  std::shared_ptr<dtls::KeyLog> key_log;
  ice::Credentials ice_credentials;
};

class TransportStack {
 public:
  // How far up the layers the stack has come.
  enum class Phase {
    New,           // no description yet: the ICE agent waits for its role
    Ice,           // one description set: ICE has its role, DTLS waits for the other one
    AwaitingPath,  // both set: the DTLS transport exists and waits for ICE to select a pair
    Handshake,     // ICE selected a pair: the DTLS handshake runs over it
    Secure,        // DTLS connected: SCTP runs inside it and the channels open
    Failed,        // ICE, DTLS or SCTP failed for good, or a layer threw (guarded): final
    Closed,        // close()
  };

  // `name` and `trace_layers` are the connection's, `events` its queue (all outlive the stack).
  TransportStack(TransportConfiguration configuration, Random& random, const std::string& name,
                 const trace::Layers& trace_layers, std::deque<PeerConnectionEvent>& events);
  ~TransportStack();

  // ---- what signalling decided ----
  void add_local_address(const SocketAddress& address) { local_addresses_.push_back(address); }
  // The first description (ours or theirs) gives the ICE agent the role it implies; later
  // calls keep it. With `gather`, gathering starts (W3C webrtc-pc §4.4.1.6: when the
  // local description is set), once.
  void start_ice(ice::Role role, bool gather, Timestamp now);
  // The peer's credentials, candidates (lines; a bad one is skipped with a trace), ice-lite.
  void set_remote_ice(const RemoteIce& remote, Timestamp now);
  void add_remote_candidate(const sdp::Candidate& line, Timestamp now);
  void end_of_remote_candidates(Timestamp now);
  // Both descriptions are set: the DTLS transport is made with the role a=setup gave and the
  // peer's a=fingerprint (RFC 5763 §5); it starts once ICE selects a pair.
  void start_dtls(const DtlsParameters& dtls, const SctpParameters& sctp, Timestamp now);
  // Where our candidates are signalled (IceCandidateEvent's sdpMid and sdpMLineIndex).
  void set_candidate_mid(std::optional<std::string> mid, std::uint16_t m_line_index);

  // ---- sans-IO ----
  void handle_input(const Datagram& datagram, Timestamp now);
  std::optional<Datagram> poll_transmit();
  std::optional<Timestamp> poll_timeout() const;
  void handle_timeout(Timestamp now);
  // After a command from outside (a description, a candidate): move on and drain.
  void advance(Timestamp now);
  // Ends SCTP (ABORT) and DTLS (close_notify) while ICE can still carry them, then ICE.
  void close();

  // ---- what it shows ----
  const TransportConfiguration& configuration() const { return configuration_; }
  Phase phase() const { return phase_; }
  IceGatheringState gathering_state() const { return gathering_state_; }
  IceConnectionState ice_connection_state() const { return ice_state_; }
  PeerConnectionState connection_state() const { return connection_state_; }
  std::vector<sdp::Candidate> local_candidates() const;
  const ice::Agent& ice_agent() const { return agent_; }
  const dtls::Transport* dtls_transport() const { return dtls_.get(); }
  SctpTransport& sctp() { return sctp_; }
  const SctpTransport& sctp() const { return sctp_; }
  TransportStats stats() const;

  // The backstop of "a layer's failure is a state, never an exception" (shared/DESIGN.md):
  // the sans-IO entry points run their work through here. Anything a layer throws on the way
  // (a library call that failed on input from the far side) ends the stack as Failed, with an
  // error event on every channel, instead of leaving through the event loop.
  template <typename Work>
  void guarded(const char* entry, Work&& work) {
    try {
      work();
    } catch (const std::exception& e) {
      fail(std::string(entry) + ": " + e.what());
    }
  }

 private:
  void set_phase(Phase next, const char* why);
  void fail(const std::string& reason);
  void drain(Timestamp now);
  void drain_ice_events();
  void drain_dtls_events(Timestamp now);
  void route(const ice::Payload& payload, const Datagram& datagram, Timestamp now);
  void send_dtls_datagrams();
  void move_sctp_to_dtls();
  void update_connection_state();
  void report_unsupported_servers();
  std::string prefix() const { return name_.empty() ? std::string() : name_ + ": "; }

  TransportConfiguration configuration_;
  const std::string& name_;
  std::deque<PeerConnectionEvent>& events_;
  Phase phase_ = Phase::New;
  std::vector<SocketAddress> local_addresses_;
  bool gathering_started_ = false;
  ice::Agent agent_;  // the one entry point for datagrams
  std::unique_ptr<dtls::Transport> dtls_;
  SctpTransport sctp_;
  SctpParameters sctp_parameters_;
  // The peer's ClientHello can overtake its answer: a few DTLS datagrams wait for dtls_.
  std::deque<Bytes> early_dtls_;
  std::optional<std::string> candidate_mid_ = std::string("0");
  std::uint16_t candidate_m_line_index_ = 0;
  IceGatheringState gathering_state_ = IceGatheringState::New;
  IceConnectionState ice_state_ = IceConnectionState::New;
  PeerConnectionState connection_state_ = PeerConnectionState::New;
  // getStats: the UDP payloads through handle_input and poll_transmit.
  std::uint64_t packets_sent_ = 0, bytes_sent_ = 0, packets_received_ = 0, bytes_received_ = 0;
  Timestamp last_now_{};  // the latest time we were given, for close() which is given none
};

const char* to_string(TransportStack::Phase phase);

}  // namespace lucid
