#include "peer/peer_connection.h"

#include <stdexcept>

#include "common/trace.h"
#include "peer/candidates.h"
#include "peer/dtls_parameters.h"
#include "peer/ice_servers.h"
#include "peer/sctp_transport.h"
#include "peer/stats_builder.h"
#include "sdp/jsep_offer_answer.h"
#include "sdp/offer_answer_rules.h"
#include "sdp/parser.h"
#include "sdp/writer.h"

namespace lucid {

const char* to_string(IceGatheringState state) {
  switch (state) {
    case IceGatheringState::New:
      return "new";
    case IceGatheringState::Gathering:
      return "gathering";
    case IceGatheringState::Complete:
      return "complete";
  }
  return "?";
}

const char* to_string(IceConnectionState state) {
  switch (state) {
    case IceConnectionState::New:
      return "new";
    case IceConnectionState::Checking:
      return "checking";
    case IceConnectionState::Connected:
      return "connected";
    case IceConnectionState::Completed:
      return "completed";
    case IceConnectionState::Failed:
      return "failed";
    case IceConnectionState::Disconnected:
      return "disconnected";
    case IceConnectionState::Closed:
      return "closed";
  }
  return "?";
}

namespace {

// W3C RTCIceConnectionState is the ICE transport's state (webrtc-pc §4.4.4); with BUNDLE and one
// transport the two are the same.
IceConnectionState to_connection_state(ice::AgentState state) {
  switch (state) {
    case ice::AgentState::New:
      return IceConnectionState::New;
    case ice::AgentState::Checking:
      return IceConnectionState::Checking;
    case ice::AgentState::Connected:
      return IceConnectionState::Connected;
    case ice::AgentState::Completed:
      return IceConnectionState::Completed;
    case ice::AgentState::Failed:
      return IceConnectionState::Failed;
    case ice::AgentState::Disconnected:
      return IceConnectionState::Disconnected;
    case ice::AgentState::Closed:
      return IceConnectionState::Closed;
  }
  return IceConnectionState::New;
}

IceGatheringState to_gathering_state(ice::GatheringState state) {
  switch (state) {
    case ice::GatheringState::New:
      return IceGatheringState::New;
    case ice::GatheringState::Gathering:
      return IceGatheringState::Gathering;
    case ice::GatheringState::Complete:
      return IceGatheringState::Complete;
  }
  return IceGatheringState::New;
}

}  // namespace

class PeerConnection::Impl {
 public:
  Impl(PeerConnectionConfiguration configuration, Random& random)
      : configuration_(configuration),
        name_(configuration.name),
        trace_layers_(configuration.trace),
        random_(random),
        certificate_(configuration.certificate ? *configuration.certificate
                                               : dtls::Certificate::generate(random)),
        key_log_(configuration.key_log),
        ice_credentials_(ice::Credentials::generate(random)),
        origin_(sdp::new_origin(random)) {
    for (const auto& url : configuration.ice_servers) {
      if (is_turn_url(url)) {
        // A malformed one is refused now, as the browser does (SyntaxError); a good one is
        // reported when gathering starts (report_unsupported_servers).
        if (auto turn = parse_turn_url(url); !turn)
          throw std::invalid_argument("ice server " + turn.error().message());
        turn_servers_.push_back(url);
        continue;
      }
      auto server = parse_stun_url(url);
      if (!server) throw std::invalid_argument("ice server " + server.error().message());
      stun_servers_.push_back(*server);
    }
    sctp_ = std::make_unique<SctpTransport>(events_, name_, trace_layers_);
  }

  // Opened by every public method: this connection's name and trace layers for what it does
  // (common/trace.h), also when a test drives it without src/net.
  trace::PeerScope trace_scope() const { return trace::PeerScope(name_, trace_layers_); }
  const PeerConnectionConfiguration& configuration() const { return configuration_; }

  // ---- signalling ----

  SessionDescription create_offer() {
    signaling_.check_create_offer();
    const sdp::Description offer = sdp::create_offer(local_parameters(), next_origin());
    LUCID_TRACE("pc", prefix(),
                "created an offer with one data channel section (mid 0), ice-ufrag ",
                ice_credentials_.ufrag);
    return {SdpType::Offer, sdp::write(offer)};
  }

  SessionDescription create_answer() {
    signaling_.check_create_answer();
    const sdp::Description answer = sdp::create_answer(*remote_, local_parameters(), next_origin());
    LUCID_TRACE("pc", prefix(), "created an answer, ice-ufrag ", ice_credentials_.ufrag);
    return {SdpType::Answer, sdp::write(answer)};
  }

  void set_local_description(const SessionDescription& description, Timestamp now) {
    if (description.type == SdpType::Rollback || description.type == SdpType::Pranswer)
      throw std::invalid_argument(
          "setLocalDescription: rollback and pranswer are not supported yet");
    // A local description is text we wrote (create_offer/create_answer); failing to read it is a
    // programming mistake, not a network error.
    auto parsed = sdp::parse(description.sdp);
    if (!parsed) throw std::invalid_argument("setLocalDescription: " + parsed.error().message());
    const auto section = sdp::find_data_channel(*parsed);
    if (!section) throw std::invalid_argument("setLocalDescription: no data channel section");

    const SignalingState before = signaling_.state();
    change_signaling(before, signaling_.set_local_description(description.type));
    local_ = std::move(*parsed);
    local_type_ = description.type;
    local_section_ = *section;

    // RFC 9429 §5.2/§5.3 and RFC 8445 §6.1.1: the offerer is the controlling agent.
    ensure_agent(description.type == SdpType::Offer ? ice::Role::Controlling
                                                    : ice::Role::Controlled);
    if (!gathering_started_) {
      gathering_started_ = true;
      // W3C webrtc-pc §4.4.1.6: gathering starts when the local description is set.
      for (const auto& address : local_addresses_)
        agent_->add_local_interface_address(address, now);
      agent_->gather(now);
    }
    if (auto status = ensure_dtls(now); !status)
      throw std::invalid_argument("setLocalDescription: " + status.error().message());
    service(now);
  }

  Status set_remote_description(const SessionDescription& description, Timestamp now) {
    if (description.type == SdpType::Rollback || description.type == SdpType::Pranswer)
      throw std::invalid_argument(
          "setRemoteDescription: rollback and pranswer are not supported yet");
    auto parsed = sdp::parse(description.sdp);
    if (!parsed) return fail("remote description: " + parsed.error().what, parsed.error().where);
    // What an offer may carry and what an answer to our offer may be (sdp/offer_answer_rules.h).
    Status rules = Ok{};
    if (description.type == SdpType::Offer) rules = sdp::check_offer(*parsed);
    if (description.type == SdpType::Answer && signaling_.state() == SignalingState::HaveLocalOffer)
      rules = sdp::check_answer(*local_, *parsed);
    if (!rules) return fail("remote description: " + rules.error().message());
    const auto index = sdp::find_data_channel(*parsed);
    if (!index)
      return fail(
          "remote description has no data channel section (m=application ... webrtc-datachannel)");
    const sdp::MediaDescription& section = parsed->media[*index];
    const auto ufrag = parsed->ice_ufrag_for(section);
    const auto pwd = parsed->ice_pwd_for(section);
    if (!ufrag || !pwd)
      return fail("remote description has no a=ice-ufrag / a=ice-pwd (RFC 8839 §5.4)");
    // DTLS needs the peer's fingerprint and, in an answer, a usable a=setup: check before
    // anything changes, so that a bad description leaves the connection as it was.
    if (description.type == SdpType::Answer && local_) {
      auto dtls = dtls_parameters(*local_, local_->media[local_section_], *parsed, section, true);
      if (!dtls) return fail("remote description: " + dtls.error().message());
    } else if (auto fingerprints = remote_fingerprints(*parsed, section); !fingerprints) {
      return fail(fingerprints.error().message());
    }

    const SignalingState before = signaling_.state();
    change_signaling(before, signaling_.set_remote_description(description.type));
    remote_ = std::move(*parsed);
    remote_section_ = *index;
    LUCID_TRACE("pc", prefix(), "remote ", sdp::to_string(description.type), ": ice-ufrag ", *ufrag,
                ", ", section.candidates.size(), " candidate(s)",
                section.end_of_candidates ? ", end-of-candidates" : "");

    ensure_agent(description.type == SdpType::Offer ? ice::Role::Controlled
                                                    : ice::Role::Controlling);
    // RFC 8445 §6.1.1: facing an ice-lite peer, a full agent is always the controlling one.
    if (remote_->ice_lite && agent_->role() == ice::Role::Controlled) {
      LUCID_TRACE("pc", prefix(), "the peer is ice-lite: we take the controlling role");
      agent_->set_role(ice::Role::Controlling);
    }
    agent_->set_remote_credentials(ice::Credentials{*ufrag, *pwd}, now);
    for (const auto& line : section.candidates) add_remote_candidate(line, now);
    if (section.end_of_candidates) agent_->end_of_remote_candidates(now);
    if (auto status = ensure_dtls(now); !status) return status;
    service(now);
    return Ok{};
  }

  Status add_ice_candidate(const IceCandidateInit& init, Timestamp now) {
    // W3C webrtc-pc §4.4.1.5 addIceCandidate: no remote description yet is InvalidStateError.
    if (!remote_) throw InvalidStateError("addIceCandidate: there is no remote description yet");
    const sdp::MediaDescription& section = remote_->media[remote_section_];
    if (init.sdp_mid && section.mid && *init.sdp_mid != *section.mid)
      return fail("addIceCandidate: no media section with mid " + *init.sdp_mid);
    if (init.candidate.empty()) {
      // RFC 8838 §13 / W3C: an empty candidate is end-of-candidates.
      LUCID_TRACE("pc", prefix(), "the peer has no more candidates (end-of-candidates)");
      agent_->end_of_remote_candidates(now);
      service(now);
      return Ok{};
    }
    auto line = sdp::Candidate::parse(init.candidate);
    if (!line) return fail("addIceCandidate: " + line.error().message());
    add_remote_candidate(*line, now);
    service(now);
    return Ok{};
  }

  std::optional<SessionDescription> local_description() const {
    if (!local_) return std::nullopt;
    // W3C webrtc-pc §4.4.1.6: the local description carries the candidates gathered so far.
    sdp::Description with_candidates = *local_;
    sdp::MediaDescription& section = with_candidates.media[local_section_];
    if (agent_) {
      for (const auto& c : agent_->local_candidates())
        section.candidates.push_back(to_sdp_candidate(c));
      section.end_of_candidates = agent_->gathering_state() == ice::GatheringState::Complete;
    }
    return SessionDescription{local_type_, sdp::write(with_candidates)};
  }

  std::optional<SessionDescription> remote_description() const {
    if (!remote_) return std::nullopt;
    return SessionDescription{remote_type_, sdp::write(*remote_)};
  }

  void close() {
    if (signaling_.state() == SignalingState::Closed) return;
    LUCID_TRACE("pc", prefix(), "closed");
    signaling_.close();
    sctp_->close();  // ABORT, carried by DTLS before its close_notify
    if (dtls_) {
      move_sctp_to_dtls();
      dtls_->close();  // close_notify goes out while ICE can still carry it
      pump_dtls(last_now_);
    }
    if (agent_) agent_->close();
    // W3C webrtc-pc §4.4.1.5 close(): states become closed without firing events.
    connection_state_ = IceConnectionState::Closed;
    peer_connection_state_ = PeerConnectionState::Closed;
  }

  // ---- sans-IO ----

  void handle_input(BytesView datagram, const SocketAddress& remote, const SocketAddress& local,
                    Timestamp now) {
    if (!datagram.empty() && datagram[0] >= 20 && datagram[0] <= 63) {
      // RFC 7983 §7: a first byte of 20-63 is DTLS.
      if (!dtls_) {
        // The peer's ClientHello can overtake its answer; keep a few until DTLS exists.
        if (early_dtls_.size() < 8) early_dtls_.emplace_back(datagram.begin(), datagram.end());
        LUCID_TRACE("pc", prefix(), "keeping a ", datagram.size(), "-byte DTLS datagram from ",
                    remote.to_string(), " until both descriptions are set");
        return;
      }
      dtls_->handle_input(datagram, now);
      service(now);
      return;
    }
    if (!ice::looks_like_stun(datagram)) {
      // RFC 7983: 128-191 would be RTP/RTCP; that layer comes in a later issue.
      LUCID_TRACE("pc", prefix(), "dropped a ", datagram.size(), "-byte datagram from ",
                  remote.to_string(), " (first byte ", datagram.empty() ? -1 : int(datagram[0]),
                  "): neither STUN nor DTLS");
      return;
    }
    if (!agent_) {
      LUCID_TRACE("pc", prefix(), "dropped a STUN datagram from ", remote.to_string(),
                  ": no description is set yet");
      return;
    }
    agent_->handle_input(datagram, remote, local, now);
    service(now);
  }

  std::optional<ice::Transmit> poll_transmit() {
    // What DataChannel::send queued since the last input: SCTP packets into DTLS records, the
    // records onto ICE's selected pair.
    if (move_sctp_to_dtls()) send_dtls_datagrams();
    return agent_ ? agent_->poll_transmit() : std::nullopt;
  }
  std::optional<Timestamp> poll_timeout() const {
    std::optional<Timestamp> earliest;
    for (auto t : {agent_ ? agent_->poll_timeout() : std::nullopt,
                   dtls_ ? dtls_->poll_timeout() : std::nullopt, sctp_->poll_timeout()}) {
      if (t && (!earliest || *t < *earliest)) earliest = t;
    }
    return earliest;
  }
  void handle_timeout(Timestamp now) {
    if (!agent_) return;
    last_now_ = now;
    agent_->handle_timeout(now);
    if (dtls_) {
      const auto due = dtls_->poll_timeout();
      if (due && *due <= now) dtls_->handle_timeout(now);
    }
    sctp_->handle_timeout(now);
    service(now);
  }

  std::optional<PeerConnectionEvent> poll_event() {
    while (!events_.empty()) {
      PeerConnectionEvent e = std::move(events_.front());
      events_.pop_front();
      // webrtc-pc §6.2 "announce the data channel as open": if the channel is closing or closed
      // by the time its open event's turn comes (the application closed it on "datachannel",
      // say), the event is not fired.
      if (auto* open = std::get_if<DataChannelOpenEvent>(&e);
          open && (open->channel->ready_state() == DataChannelState::Closing ||
                   open->channel->ready_state() == DataChannelState::Closed))
        continue;
      return e;
    }
    return std::nullopt;
  }

  // ---- state ----
  std::vector<SocketAddress> local_addresses_;
  std::unique_ptr<ice::Agent> agent_;
  std::unique_ptr<dtls::Transport> dtls_;
  std::unique_ptr<SctpTransport> sctp_;  // made with the connection; its association with DTLS
  // getStats: the UDP payloads through handle_input and poll_transmit (PeerConnection's, below).
  std::uint64_t packets_sent_ = 0, bytes_sent_ = 0, packets_received_ = 0, bytes_received_ = 0;
  sdp::SignalingStateMachine signaling_;
  IceGatheringState gathering_state_ = IceGatheringState::New;
  IceConnectionState connection_state_ = IceConnectionState::New;
  PeerConnectionState peer_connection_state_ = PeerConnectionState::New;

 private:
  sdp::LocalParameters local_parameters() const {
    sdp::LocalParameters p;
    p.ice = sdp::IceCredentials{ice_credentials_.ufrag, ice_credentials_.pwd};
    p.fingerprints.push_back(sdp::Fingerprint{"sha-256", certificate_.fingerprint().value});
    return p;
  }

  // RFC 9429 §5.2.2: each new description of the session increments the o= version.
  sdp::Origin next_origin() {
    sdp::Origin o = origin_;
    ++origin_.session_version;
    return o;
  }

  void ensure_agent(ice::Role role) {
    if (agent_) return;
    ice::AgentConfig config;
    config.role = role;
    config.local_credentials = ice_credentials_;
    config.stun_servers = stun_servers_;
    config.name = name_;
    agent_ = std::make_unique<ice::Agent>(config, random_);
    LUCID_TRACE("pc", prefix(), "ICE agent created as ", ice::to_string(role),
                role == ice::Role::Controlling ? " (we offered)" : " (we answer)");
  }

  void add_remote_candidate(const sdp::Candidate& line, Timestamp now) {
    auto candidate = to_ice_candidate(line);
    if (!candidate) {
      LUCID_TRACE("pc", prefix(), "skipped the remote candidate \"", line.to_string(),
                  "\": ", candidate.error().message());
      return;
    }
    agent_->add_remote_candidate(*candidate, now);
  }

  void change_signaling(SignalingState before, SignalingState next) {
    if (next == before) return;
    LUCID_TRACE("pc", prefix(), "signalingstatechange: ", sdp::to_string(before), " -> ",
                sdp::to_string(next));
    events_.push_back(SignalingStateChangeEvent{next});
  }

  // The agent's events, in the W3C vocabulary.
  void drain_agent_events() {
    while (auto event = agent_->poll_event()) {
      if (auto* c = std::get_if<ice::LocalCandidateEvent>(&*event)) {
        const std::string line = to_sdp_candidate(c->candidate).to_string();
        LUCID_TRACE("pc", prefix(), "icecandidate: ", line);
        events_.push_back(IceCandidateEvent{
            IceCandidateInit{line, local_mid(), static_cast<std::uint16_t>(local_section_)}});
      } else if (auto* g = std::get_if<ice::GatheringStateEvent>(&*event)) {
        const IceGatheringState next = to_gathering_state(g->state);
        if (next == gathering_state_) continue;
        LUCID_TRACE("pc", prefix(), "icegatheringstatechange: ", to_string(next));
        gathering_state_ = next;
        events_.push_back(IceGatheringStateChangeEvent{next});
        if (next == IceGatheringState::Gathering) report_unsupported_servers();
        // W3C webrtc-pc §5.6: when gathering completes, an icecandidate event with a null
        // candidate says so (the trickle form of a=end-of-candidates).
        if (next == IceGatheringState::Complete) events_.push_back(IceCandidateEvent{std::nullopt});
      } else if (auto* s = std::get_if<ice::StateChangeEvent>(&*event)) {
        const IceConnectionState next = to_connection_state(s->state);
        if (next == connection_state_) continue;
        LUCID_TRACE("pc", prefix(), "iceconnectionstatechange: ", to_string(next),
                    s->reason.empty() ? "" : " (", s->reason, s->reason.empty() ? "" : ")");
        connection_state_ = next;
        events_.push_back(IceConnectionStateChangeEvent{next});
      } else if (auto* p = std::get_if<ice::SelectedPairEvent>(&*event)) {
        LUCID_TRACE("pc", prefix(), "selected candidate pair: ", p->local.describe(), " <-> ",
                    p->remote.describe());
      }
    }
  }

  // W3C webrtc-pc, RTCPeerConnectionIceErrorEvent: errorCode 701 when no host candidate can
  // reach the server, fired once per server URL while gathering. lucid cannot reach a TURN
  // server at all yet (it has no TURN client, RFC 8656), so each turn: URL gets that event as
  // gathering starts, and gathering goes on with the host and server-reflexive candidates.
  void report_unsupported_servers() {
    for (const auto& url : turn_servers_) {
      LUCID_TRACE("pc", prefix(), "icecandidateerror: ", url, ": ", kTurnUnsupported, " (701)");
      events_.push_back(IceCandidateErrorEvent{std::nullopt, std::nullopt, url, 701,
                                               std::string(kTurnUnsupported)});
    }
  }
  static constexpr std::string_view kTurnUnsupported = "TURN is not supported by lucid yet";

  // ---- DTLS ----

  // Once both descriptions are set, the DTLS transport is made with the role a=setup gave and
  // the peer's a=fingerprint (RFC 5763 §5). It starts when ICE has a selected pair (service()),
  // so that its handshake deadline counts from there; a ClientHello that comes sooner waits in
  // the transport.
  Status ensure_dtls(Timestamp now) {
    if (dtls_ || !local_ || !remote_) return Ok{};
    const bool we_offered = local_type_ == SdpType::Offer;
    auto params = dtls_parameters(*local_, local_->media[local_section_], *remote_,
                                  remote_->media[remote_section_], we_offered);
    if (!params) return params.error();
    dtls::TransportOptions options;
    options.key_log = key_log_;
    dtls_ = std::make_unique<dtls::Transport>(params->role, certificate_, options);
    dtls_->set_remote_fingerprints(params->remote_fingerprints);
    LUCID_TRACE("pc", prefix(), "DTLS transport created as ", dtls::to_string(params->role),
                " (the answer said a=setup:",
                (params->role == dtls::Role::client) == !we_offered ? "active" : "passive", ")");
    std::deque<Bytes> early;
    early.swap(early_dtls_);
    for (const auto& datagram : early) dtls_->handle_input(datagram, now);
    return Ok{};
  }

  // After every input: ICE's events, then DTLS's, then the connection state they make together.
  void service(Timestamp now) {
    last_now_ = now;
    drain_agent_events();
    if (dtls_ && dtls_->state() == dtls::State::new_ && agent_ &&
        agent_->selected_pair() != nullptr &&
        (connection_state_ == IceConnectionState::Connected ||
         connection_state_ == IceConnectionState::Completed)) {
      LUCID_TRACE("pc", prefix(), "ICE is connected: starting the DTLS handshake as ",
                  dtls::to_string(dtls_->role()));
      dtls_->start(now);
    }
    pump_dtls(now);
    if (move_sctp_to_dtls()) send_dtls_datagrams();
    update_connection_state();
  }

  // What DTLS wants to send goes out on ICE's selected pair; its events become trace lines and,
  // through update_connection_state, connectionstatechange.
  void pump_dtls(Timestamp now) {
    if (!dtls_) return;
    send_dtls_datagrams();
    while (auto event = dtls_->poll_event()) {
      if (auto* c = std::get_if<dtls::Connected>(&*event)) {
        LUCID_TRACE("pc", prefix(), "DTLS connected: ", c->cipher_suite, ", SRTP ",
                    c->srtp_keys ? std::string(dtls::to_string(c->srtp_keys->profile))
                                 : std::string("not negotiated"));
        sctp_->start(sctp_config(), now);
      } else if (auto* d = std::get_if<dtls::ApplicationData>(&*event)) {
        // RFC 8261 §5: each DTLS record carries one SCTP packet.
        sctp_->handle_input(d->data, now);
      } else if (auto* f = std::get_if<dtls::Failed>(&*event)) {
        LUCID_TRACE("pc", prefix(), "DTLS failed: ", f->reason);
      } else if (std::holds_alternative<dtls::Closed>(*event)) {
        LUCID_TRACE("pc", prefix(), "DTLS closed");
      }
    }
  }

  void send_dtls_datagrams() {
    while (auto datagram = dtls_->poll_transmit()) {
      if (!agent_ || !agent_->send(*datagram))
        LUCID_TRACE("pc", prefix(), "a ", datagram->size(),
                    "-byte DTLS datagram found no selected pair to go out on");
    }
  }

  // SCTP packets waiting in the association become DTLS records; true if there were any.
  bool move_sctp_to_dtls() {
    if (!dtls_ || !sctp_->started()) return false;
    bool any = false;
    while (auto packet = sctp_->poll_transmit()) {
      any = true;
      // The far side may have closed DTLS (close_notify) while SCTP still has a packet to say,
      // such as its ABORT: with no DTLS session left it has nowhere to go.
      if (dtls_->state() != dtls::State::connected) {
        LUCID_TRACE("pc", prefix(), "an SCTP packet of ", packet->size(),
                    " bytes is dropped: DTLS is ", dtls::to_string(dtls_->state()));
        continue;
      }
      if (auto sent = dtls_->send(*packet); !sent)
        LUCID_TRACE("pc", prefix(), "an SCTP packet of ", packet->size(),
                    " bytes could not go into DTLS: ", sent.error().message());
    }
    return any;
  }

  // RFC 8841: the ports are each side's a=sctp-port and the remote a=max-message-size bounds
  // what we send; RFC 8832 §6: the DTLS role decides the stream id parity.
  sctp::AssociationConfig sctp_config() const {
    const sdp::MediaDescription& local = local_->media[local_section_];
    const sdp::MediaDescription& remote = remote_->media[remote_section_];
    sctp::AssociationConfig config;
    config.role = dtls_->role() == dtls::Role::client ? sctp::Role::client : sctp::Role::server;
    config.local_port = local.effective_sctp_port();
    config.remote_port = remote.effective_sctp_port();
    config.remote_max_message_size = remote.effective_max_message_size();
    config.local_max_message_size = local.effective_max_message_size();
    return config;
  }

  void update_connection_state() {
    if (peer_connection_state_ == PeerConnectionState::Closed) return;
    PeerConnectionState next =
        lucid::connection_state(signaling_.state() == SignalingState::Closed, connection_state_,
                                dtls_ ? std::optional<dtls::State>(dtls_->state()) : std::nullopt);
    // webrtc-pc §4.3.3 counts the transports; lucid also waits for SCTP, so that "connected"
    // means a data channel can open now.
    if (next == PeerConnectionState::Connected && !sctp_->was_established())
      next = PeerConnectionState::Connecting;
    if (next == peer_connection_state_) return;
    LUCID_TRACE("pc", prefix(), "connectionstatechange: ", to_string(next));
    peer_connection_state_ = next;
    events_.push_back(ConnectionStateChangeEvent{next});
  }

  // "a: " before each trace line when the connection has a name.
  std::string prefix() const { return name_.empty() ? std::string() : name_ + ": "; }

  std::optional<std::string> local_mid() const {
    if (!local_) return std::string("0");
    return local_->media[local_section_].mid;
  }

  PeerConnectionConfiguration configuration_;
  std::string name_;
  trace::Layers trace_layers_;
  Random& random_;
  dtls::Certificate certificate_;
  std::shared_ptr<dtls::KeyLog> key_log_;
  std::deque<Bytes> early_dtls_;  // DTLS datagrams that arrived before dtls_ existed
  std::vector<SocketAddress> stun_servers_;
  std::vector<std::string> turn_servers_;  // turn:/turns: URLs, reported as unsupported
  ice::Credentials ice_credentials_;
  sdp::Origin origin_;
  bool gathering_started_ = false;
  std::optional<sdp::Description> local_;
  SdpType local_type_ = SdpType::Offer;
  std::size_t local_section_ = 0;
  std::optional<sdp::Description> remote_;
  SdpType remote_type_ = SdpType::Offer;
  std::size_t remote_section_ = 0;
  std::deque<PeerConnectionEvent> events_;
  Timestamp last_now_{};  // the latest time we were given, for close() which is given none
};

// ---- the public face forwards to Impl ----
// Each method that can trace opens the connection's trace scope first (Impl::trace_scope).

PeerConnection::PeerConnection(PeerConnectionConfiguration configuration, Random& random)
    : impl_(std::make_unique<Impl>(std::move(configuration), random)) {}
PeerConnection::~PeerConnection() {
  if (!impl_) return;  // moved from
  // Ending the association and the channels still held can trace too. The scope keeps copies:
  // Impl's own name and layers go before its SCTP transport does.
  const trace::Layers layers(impl_->configuration().trace);
  const trace::PeerScope scope(impl_->configuration().name, layers);
  impl_.reset();
}
PeerConnection::PeerConnection(PeerConnection&&) noexcept = default;
PeerConnection& PeerConnection::operator=(PeerConnection&&) noexcept = default;

void PeerConnection::add_local_address(const SocketAddress& address) {
  impl_->local_addresses_.push_back(address);
}
SessionDescription PeerConnection::create_offer() {
  const auto scope = impl_->trace_scope();
  return impl_->create_offer();
}
SessionDescription PeerConnection::create_answer() {
  const auto scope = impl_->trace_scope();
  return impl_->create_answer();
}
void PeerConnection::set_local_description(const SessionDescription& d, Timestamp now) {
  const auto scope = impl_->trace_scope();
  impl_->set_local_description(d, now);
}
Status PeerConnection::set_remote_description(const SessionDescription& d, Timestamp now) {
  const auto scope = impl_->trace_scope();
  return impl_->set_remote_description(d, now);
}
Status PeerConnection::add_ice_candidate(const IceCandidateInit& c, Timestamp now) {
  const auto scope = impl_->trace_scope();
  return impl_->add_ice_candidate(c, now);
}
std::optional<SessionDescription> PeerConnection::local_description() const {
  const auto scope = impl_->trace_scope();
  return impl_->local_description();
}
std::optional<SessionDescription> PeerConnection::remote_description() const {
  const auto scope = impl_->trace_scope();
  return impl_->remote_description();
}
SignalingState PeerConnection::signaling_state() const { return impl_->signaling_.state(); }
IceGatheringState PeerConnection::ice_gathering_state() const { return impl_->gathering_state_; }
IceConnectionState PeerConnection::ice_connection_state() const { return impl_->connection_state_; }
PeerConnectionState PeerConnection::connection_state() const {
  return impl_->peer_connection_state_;
}
void PeerConnection::close() {
  const auto scope = impl_->trace_scope();
  impl_->close();
}
std::shared_ptr<DataChannel> PeerConnection::create_data_channel(const std::string& label,
                                                                 const DataChannelInit& init) {
  const auto scope = impl_->trace_scope();
  return impl_->sctp_->create_data_channel(label, init);
}

void PeerConnection::handle_input(BytesView datagram, const SocketAddress& remote,
                                  const SocketAddress& local, Timestamp now) {
  const auto scope = impl_->trace_scope();
  ++impl_->packets_received_;
  impl_->bytes_received_ += datagram.size();
  impl_->handle_input(datagram, remote, local, now);
}
std::optional<ice::Transmit> PeerConnection::poll_transmit() {
  const auto scope = impl_->trace_scope();
  auto transmit = impl_->poll_transmit();
  if (transmit) {
    ++impl_->packets_sent_;
    impl_->bytes_sent_ += transmit->data.size();
  }
  return transmit;
}
std::optional<Timestamp> PeerConnection::poll_timeout() const { return impl_->poll_timeout(); }
void PeerConnection::handle_timeout(Timestamp now) {
  const auto scope = impl_->trace_scope();
  impl_->handle_timeout(now);
}
std::optional<PeerConnectionEvent> PeerConnection::poll_event() { return impl_->poll_event(); }
const PeerConnectionConfiguration& PeerConnection::configuration() const {
  return impl_->configuration();
}
const ice::Agent* PeerConnection::ice_agent() const { return impl_->agent_.get(); }
const dtls::Transport* PeerConnection::dtls_transport() const { return impl_->dtls_.get(); }

PeerConnectionStats PeerConnection::get_stats() const {
  PeerConnectionStats stats;
  stats.transport = describe_transport(impl_->agent_.get(), impl_->dtls_.get());
  stats.transport.packets_sent = impl_->packets_sent_;
  stats.transport.bytes_sent = impl_->bytes_sent_;
  stats.transport.packets_received = impl_->packets_received_;
  stats.transport.bytes_received = impl_->bytes_received_;
  stats.data_channels = impl_->sctp_->data_channel_stats();
  return stats;
}

}  // namespace lucid
