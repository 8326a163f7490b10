#include "peer/transport_stack.h"

#include <algorithm>

#include "peer/candidates.h"
#include "peer/stats_builder.h"

namespace lucid {

const char* to_string(TransportStack::Phase phase) {
  using Phase = TransportStack::Phase;
  switch (phase) {
    case Phase::New: return "new";
    case Phase::Ice: return "ice";
    case Phase::AwaitingPath: return "awaiting-path";
    case Phase::Handshake: return "handshake";
    case Phase::Secure: return "secure";
    case Phase::Failed: return "failed";
    case Phase::Closed: return "closed";
  }
  return "?";
}

namespace {

// The DTLS flight timer for a WebRTC connection. RFC 6347 §4.2.4.1 recommends 1 s at first,
// doubled up to 60 s (dtls::TransportOptions' defaults); on a lossy path that leaves seconds
// with nothing sent each time a flight is lost (at 30% loss each way, 1 flight in 2 is). Like
// Chromium (p2p/dtls/dtls_transport.cc: the initial timeout is twice ICE's RTT, held within
// 50 ms and 3 s), lucid starts from twice the round trip ICE measured on the selected pair,
// held within 100 ms and 1 s, and from 100 ms when ICE has no clean sample (the doubling soon
// passes a long path's round trip: 100, 200, 400, 800 ms); and like mediasoup
// (DTLS_set_timer_cb: 100 ms doubling up to 4 s) it stops the doubling early, at 3 s.
// Measured in bench/setup_under_loss (README.md there).
constexpr Duration kDtlsMinInitialTimeout = std::chrono::milliseconds(100);
constexpr Duration kDtlsMaxInitialTimeout = std::chrono::seconds(1);
constexpr Duration kDtlsMaxRetransmissionTimeout = std::chrono::seconds(3);

Duration dtls_initial_timeout(const ice::CandidatePair* pair) {
  if (!pair || !pair->round_trip_time) return kDtlsMinInitialTimeout;
  return std::clamp(2 * *pair->round_trip_time, kDtlsMinInitialTimeout, kDtlsMaxInitialTimeout);
}

// The agent exists from the start, so that every datagram has its one entry point even before
// any description (a ClientHello can overtake the answer). Its role is a guess until the first
// description says who offered (start_ice).
ice::AgentConfig ice_config(const TransportConfiguration& configuration, const std::string& name) {
  ice::AgentConfig config;
  config.role = ice::Role::Controlling;
  config.name = name;
  config.local_credentials = configuration.ice_credentials;
  config.stun_servers = configuration.stun_servers;
  return config;
}

}  // namespace

TransportStack::TransportStack(TransportConfiguration configuration, Random& random,
                               const std::string& name, const trace::Layers& trace_layers,
                               std::deque<PeerConnectionEvent>& events)
    : configuration_(std::move(configuration)),
      name_(name),
      events_(events),
      agent_(ice_config(configuration_, name), random),
      sctp_(events, name, trace_layers) {}

TransportStack::~TransportStack() = default;

void TransportStack::set_phase(Phase next, const char* why) {
  if (next == phase_) return;
  LUCID_TRACE("pc", prefix(), "transport: ", to_string(phase_), " -> ", to_string(next), " (",
              why, ")");
  phase_ = next;
}

// ---- what signalling decided ----

void TransportStack::start_ice(ice::Role role, bool gather, Timestamp now) {
  if (phase_ == Phase::Closed) return;
  if (phase_ == Phase::New) {
    agent_.set_role(role);
    set_phase(Phase::Ice, "the first description gave ICE its role");
  }
  if (gather && !gathering_started_) {
    gathering_started_ = true;
    for (const auto& address : local_addresses_) agent_.add_local_interface_address(address, now);
    agent_.gather(now);
  }
}

void TransportStack::set_remote_ice(const RemoteIce& remote, Timestamp now) {
  start_ice(remote.role, false, now);
  // RFC 8445 §6.1.1: facing an ice-lite peer, a full agent is always the controlling one.
  if (remote.ice_lite && agent_.role() == ice::Role::Controlled) {
    LUCID_TRACE("pc", prefix(), "the peer is ice-lite: we take the controlling role");
    agent_.set_role(ice::Role::Controlling);
  }
  agent_.set_remote_credentials(remote.credentials, now);
  for (const auto& line : remote.candidates) add_remote_candidate(line, now);
  if (remote.end_of_candidates) agent_.end_of_remote_candidates(now);
}

void TransportStack::add_remote_candidate(const sdp::Candidate& line, Timestamp now) {
  auto candidate = to_ice_candidate(line);
  if (!candidate) {
    LUCID_TRACE("pc", prefix(), "skipped the remote candidate \"", line.to_string(),
                "\": ", candidate.error().message());
    return;
  }
  agent_.add_remote_candidate(*candidate, now);
}

void TransportStack::end_of_remote_candidates(Timestamp now) {
  LUCID_TRACE("pc", prefix(), "the peer has no more candidates (end-of-candidates)");
  agent_.end_of_remote_candidates(now);
}

void TransportStack::start_dtls(const DtlsParameters& dtls, const SctpParameters& sctp,
                                Timestamp now) {
  if (phase_ != Phase::Ice) return;
  dtls::TransportOptions options;
  options.key_log = configuration_.key_log;
  options.max_retransmission_timeout = kDtlsMaxRetransmissionTimeout;
  dtls_ = std::make_unique<dtls::Transport>(dtls.role, configuration_.certificate, options);
  dtls_->set_remote_fingerprints(dtls.remote_fingerprints);
  sctp_parameters_ = sctp;
  LUCID_TRACE("pc", prefix(), "DTLS transport created as ", dtls::to_string(dtls.role));
  set_phase(Phase::AwaitingPath, "both descriptions are set");
  std::deque<Bytes> early;
  early.swap(early_dtls_);
  for (const auto& datagram : early) dtls_->handle_input(datagram, now);
}

void TransportStack::set_candidate_mid(std::optional<std::string> mid,
                                       std::uint16_t m_line_index) {
  candidate_mid_ = std::move(mid);
  candidate_m_line_index_ = m_line_index;
}

// ---- sans-IO ----

void TransportStack::handle_input(const Datagram& datagram, Timestamp now) {
  ++packets_received_;
  bytes_received_ += datagram.data.size();
  // The one entry point: ICE keeps STUN and hands up the rest, classified (RFC 7983).
  if (auto payload = agent_.handle_input(datagram, now)) route(*payload, datagram, now);
  advance(now);
}

// A payload ICE handed up goes to the layer its class names.
void TransportStack::route(const ice::Payload& payload, const Datagram& datagram,
                           Timestamp now) {
  if (payload.kind == ice::PacketClass::RtpRtcp) {
    // The SRTP layer sits here, beside DTLS, once media exists (RFC 5764 §5.1.2).
    LUCID_TRACE("pc", prefix(), "dropped a ", payload.data.size(), "-byte RTP/RTCP datagram from ",
                datagram.remote.to_string(), ": this connection carries no media");
    return;
  }
  if (!dtls_) {
    // The peer's ClientHello can overtake its answer; keep a few until DTLS exists.
    if (early_dtls_.size() < 8) early_dtls_.emplace_back(payload.data.begin(), payload.data.end());
    LUCID_TRACE("pc", prefix(), "keeping a ", payload.data.size(), "-byte DTLS datagram from ",
                datagram.remote.to_string(), " until both descriptions are set");
    return;
  }
  dtls_->handle_input(payload.data, now);
}

std::optional<Datagram> TransportStack::poll_transmit() {
  // What DataChannel::send queued since the last input: SCTP packets into DTLS records, the
  // records onto ICE's selected pair.
  move_sctp_to_dtls();
  if (dtls_) send_dtls_datagrams();
  auto datagram = agent_.poll_transmit();
  if (datagram) {
    ++packets_sent_;
    bytes_sent_ += datagram->data.size();
  }
  return datagram;
}

std::optional<Timestamp> TransportStack::poll_timeout() const {
  std::optional<Timestamp> earliest;
  for (auto t : {agent_.poll_timeout(),
                 dtls_ ? dtls_->poll_timeout() : std::nullopt, sctp_.poll_timeout()}) {
    if (t && (!earliest || *t < *earliest)) earliest = t;
  }
  return earliest;
}

void TransportStack::handle_timeout(Timestamp now) {
  if (phase_ == Phase::New) return;
  agent_.handle_timeout(now);
  if (dtls_) {
    const auto due = dtls_->poll_timeout();
    if (due && *due <= now) dtls_->handle_timeout(now);
  }
  sctp_.handle_timeout(now);
  advance(now);
}

void TransportStack::advance(Timestamp now) {
  guarded("the transport stack", [&] { drain(now); });
}

// The one drain order, after every input.
void TransportStack::drain(Timestamp now) {
  last_now_ = now;
  drain_ice_events();
  if (phase_ == Phase::AwaitingPath && agent_.selected_pair() != nullptr &&
      (ice_state_ == IceConnectionState::Connected ||
       ice_state_ == IceConnectionState::Completed)) {
    LUCID_TRACE("pc", prefix(), "ICE is connected: starting the DTLS handshake as ",
                dtls::to_string(dtls_->role()));
    set_phase(Phase::Handshake, "ICE selected a pair");
    dtls_->set_initial_retransmission_timeout(dtls_initial_timeout(agent_.selected_pair()));
    dtls_->start(now);
  }
  if (dtls_) {
    send_dtls_datagrams();
    drain_dtls_events(now);
  }
  move_sctp_to_dtls();
  if (dtls_) send_dtls_datagrams();
  // The association could not be set up (or could not start): the channels already closed
  // with an error event saying why (SctpTransport::fail); the connection fails with them.
  if (phase_ == Phase::Secure && sctp_.state() == SctpTransportState::Failed)
    fail("SCTP failed");
  update_connection_state();
}

// The agent's events, in the W3C vocabulary.
void TransportStack::drain_ice_events() {
  while (auto event = agent_.poll_event()) {
    if (auto* c = std::get_if<ice::LocalCandidateEvent>(&*event)) {
      const std::string line = to_sdp_candidate(c->candidate).to_string();
      LUCID_TRACE("pc", prefix(), "icecandidate: ", line);
      events_.push_back(
          IceCandidateEvent{IceCandidateInit{line, candidate_mid_, candidate_m_line_index_}});
    } else if (auto* g = std::get_if<ice::GatheringStateEvent>(&*event)) {
      if (g->state == gathering_state_) continue;
      LUCID_TRACE("pc", prefix(), "icegatheringstatechange: ", to_string(g->state));
      gathering_state_ = g->state;
      events_.push_back(IceGatheringStateChangeEvent{g->state});
      if (g->state == IceGatheringState::Gathering) report_unsupported_servers();
      // W3C webrtc-pc §5.6: when gathering completes, an icecandidate event with a null
      // candidate says so (the trickle form of a=end-of-candidates).
      if (g->state == IceGatheringState::Complete) events_.push_back(IceCandidateEvent{});
    } else if (auto* s = std::get_if<ice::StateChangeEvent>(&*event)) {
      if (s->state == ice_state_) continue;
      LUCID_TRACE("pc", prefix(), "iceconnectionstatechange: ", to_string(s->state),
                  s->reason.empty() ? "" : " (", s->reason, s->reason.empty() ? "" : ")");
      ice_state_ = s->state;
      events_.push_back(IceConnectionStateChangeEvent{s->state});
      // No path is left (every pair failed, or consent was lost, RFC 7675 §5.1): DTLS and SCTP
      // cannot go on without one, so the whole stack fails now, channels and all, rather than
      // leave them "connecting" (or let them open later) under a "failed" connection.
      if (s->state == IceConnectionState::Failed)
        fail("ICE failed: " + (s->reason.empty() ? std::string("no path to the peer") : s->reason));
    } else if (auto* p = std::get_if<ice::SelectedPairEvent>(&*event)) {
      LUCID_TRACE("pc", prefix(), "selected candidate pair: ", p->local.describe(), " <-> ",
                  p->remote.describe());
    }
  }
}

// DTLS's events: connected starts SCTP, each record's plaintext is an SCTP packet.
void TransportStack::drain_dtls_events(Timestamp now) {
  while (auto event = dtls_->poll_event()) {
    if (auto* c = std::get_if<dtls::Connected>(&*event)) {
      LUCID_TRACE("pc", prefix(), "DTLS connected: ", c->cipher_suite, ", SRTP ",
                  c->srtp_keys ? std::string(dtls::to_string(c->srtp_keys->profile))
                               : std::string("not negotiated"));
      set_phase(Phase::Secure, "DTLS connected");
      // RFC 8832 §6: the DTLS role decides the stream id parity.
      sctp::AssociationConfig config;
      config.role = dtls_->role() == dtls::Role::Client ? sctp::Role::Client : sctp::Role::Server;
      config.local_port = sctp_parameters_.local_port;
      config.remote_port = sctp_parameters_.remote_port;
      config.remote_max_message_size = sctp_parameters_.remote_max_message_size;
      config.local_max_message_size = sctp_parameters_.local_max_message_size;
      sctp_.start(config, now);
    } else if (auto* d = std::get_if<dtls::ApplicationData>(&*event)) {
      // RFC 8261 §5: each DTLS record carries one SCTP packet.
      sctp_.handle_input(d->data, now);
    } else if (auto* f = std::get_if<dtls::Failed>(&*event)) {
      // The channels cannot open or go on: each gets an error event and closes.
      fail("DTLS failed: " + f->reason);
    } else if (std::holds_alternative<dtls::Closed>(*event)) {
      LUCID_TRACE("pc", prefix(), "DTLS closed");
    }
  }
}

void TransportStack::send_dtls_datagrams() {
  while (auto datagram = dtls_->poll_transmit()) {
    if (!agent_.send(*datagram))
      LUCID_TRACE("pc", prefix(), "a ", datagram->size(),
                  "-byte DTLS datagram found no selected pair to go out on");
  }
}

// SCTP packets waiting in the association become DTLS records.
void TransportStack::move_sctp_to_dtls() {
  if (!dtls_ || !sctp_.started()) return;
  while (auto packet = sctp_.poll_transmit()) {
    // The far side may have closed DTLS (close_notify) while SCTP still has a packet to say,
    // such as its ABORT: with no DTLS session left it has nowhere to go.
    if (dtls_->state() != dtls::State::Connected) {
      LUCID_TRACE("pc", prefix(), "an SCTP packet of ", packet->size(),
                  " bytes is dropped: DTLS is ", dtls::to_string(dtls_->state()));
      continue;
    }
    if (auto sent = dtls_->send(*packet); !sent)
      LUCID_TRACE("pc", prefix(), "an SCTP packet of ", packet->size(),
                  " bytes could not go into DTLS: ", sent.error().message());
  }
}

// One failure, whichever layer it came from (ICE, DTLS, SCTP, or a layer that threw), ends the
// stack the same way, so that the states never contradict each other: every channel gets an
// error event and closes, SCTP is dropped, DTLS stops (a close_notify goes out if it was
// connected and ICE can still carry it), and connectionState is "failed" from now on — whatever
// a layer reports afterwards.
void TransportStack::fail(const std::string& reason) {
  if (phase_ == Phase::Failed || phase_ == Phase::Closed) return;
  LUCID_TRACE("pc", prefix(), "the transport failed: ", reason);
  set_phase(Phase::Failed, "a layer failed");
  sctp_.fail(reason);
  if (dtls_ && (dtls_->state() == dtls::State::Connecting ||
                dtls_->state() == dtls::State::Connected)) {
    dtls_->close();
    send_dtls_datagrams();
  }
  update_connection_state();
}

void TransportStack::close() {
  if (phase_ == Phase::Closed) return;
  sctp_.close();  // ABORT, carried by DTLS before its close_notify
  if (dtls_) {
    move_sctp_to_dtls();
    dtls_->close();  // close_notify goes out while ICE can still carry it
    send_dtls_datagrams();
  }
  agent_.close();
  set_phase(Phase::Closed, "closed by the application");
  // W3C webrtc-pc §4.4.1.5 close(): states become closed without firing events.
  ice_state_ = IceConnectionState::Closed;
  connection_state_ = PeerConnectionState::Closed;
}

// RTCPeerConnectionState from the layers' states (webrtc-pc §4.3.3, peer/connection_state.h).
void TransportStack::update_connection_state() {
  if (phase_ == Phase::Closed) return;
  PeerConnectionState next = lucid::connection_state(
      false, ice_state_, dtls_ ? std::optional<dtls::State>(dtls_->state()) : std::nullopt);
  if (phase_ == Phase::Failed) next = PeerConnectionState::Failed;
  // webrtc-pc §4.3.3 counts the transports; lucid also waits for SCTP, so that "connected"
  // means a data channel can open now.
  if (next == PeerConnectionState::Connected && !sctp_.was_established())
    next = PeerConnectionState::Connecting;
  if (next == connection_state_) return;
  LUCID_TRACE("pc", prefix(), "connectionstatechange: ", to_string(next));
  connection_state_ = next;
  events_.push_back(ConnectionStateChangeEvent{next});
}

// W3C webrtc-pc, RTCPeerConnectionIceErrorEvent: errorCode 701 when no host candidate can
// reach the server, fired once per server URL while gathering. lucid cannot reach a TURN
// server at all yet (it has no TURN client, RFC 8656), so each turn: URL gets that event as
// gathering starts, and gathering goes on with the host and server-reflexive candidates.
void TransportStack::report_unsupported_servers() {
  static constexpr std::string_view kTurnUnsupported = "TURN is not supported by lucid yet";
  for (const auto& url : configuration_.turn_servers) {
    LUCID_TRACE("pc", prefix(), "icecandidateerror: ", url, ": ", kTurnUnsupported, " (701)");
    events_.push_back(IceCandidateErrorEvent{std::nullopt, std::nullopt, url, 701,
                                             std::string(kTurnUnsupported)});
  }
}

std::vector<sdp::Candidate> TransportStack::local_candidates() const {
  std::vector<sdp::Candidate> out;
  for (const auto& c : agent_.local_candidates()) out.push_back(to_sdp_candidate(c));
  return out;
}

TransportStats TransportStack::stats() const {
  TransportStats stats = describe_transport(&agent_, dtls_.get());
  stats.packets_sent = packets_sent_;
  stats.bytes_sent = bytes_sent_;
  stats.packets_received = packets_received_;
  stats.bytes_received = bytes_received_;
  return stats;
}

}  // namespace lucid
