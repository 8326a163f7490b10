// PeerConnection: the facade. Each W3C method is a few lines that hand the work to one of the
// two halves — Signalling (peer/signalling.h: the descriptions, the signalling state) and the
// TransportStack (peer/transport_stack.h: ICE → DTLS → SCTP) — and tell the stack what a
// description decided. Events from both go into one queue, drained by poll_event.
#include "peer/peer_connection.h"

#include <stdexcept>

#include "common/trace.h"
#include "peer/ice_servers.h"
#include "peer/signalling.h"
#include "peer/transport_stack.h"

namespace lucid {

namespace {

// RTCIceServer urls: stun: servers for the ICE agent; turn:/turns: are checked (a malformed
// one throws, as the browser throws SyntaxError) and kept to be reported as unsupported.
void read_ice_servers(const std::vector<std::string>& urls, TransportConfiguration& out) {
  for (const auto& url : urls) {
    if (is_turn_url(url)) {
      if (auto turn = parse_turn_url(url); !turn)
        throw std::invalid_argument("ice server " + turn.error().message());
      out.turn_servers.push_back(url);
      continue;
    }
    auto server = parse_stun_url(url);
    if (!server) throw std::invalid_argument("ice server " + server.error().message());
    out.stun_servers.push_back(*server);
  }
}

TransportConfiguration transport_configuration(const PeerConnectionConfiguration& configuration,
                                               Random& random) {
  TransportConfiguration out{
      {}, {},
      configuration.certificate ? *configuration.certificate : dtls::Certificate::generate(random),
      configuration.key_log, ice::Credentials::generate(random)};
  read_ice_servers(configuration.ice_servers, out);
  return out;
}

sdp::LocalParameters local_parameters(const TransportConfiguration& transport) {
  sdp::LocalParameters p;
  p.ice = sdp::IceCredentials{transport.ice_credentials.ufrag, transport.ice_credentials.pwd};
  p.fingerprints.push_back(sdp::Fingerprint{"sha-256", transport.certificate.fingerprint().value});
  return p;
}

}  // namespace

class PeerConnection::Impl {
 public:
  Impl(PeerConnectionConfiguration configuration, Random& random)
      : configuration_(std::move(configuration)),
        trace_layers_(configuration_.trace),
        transport_(transport_configuration(configuration_, random), random, configuration_.name,
                   trace_layers_, events_),
        // Signalling writes the ICE credentials and the certificate's fingerprint the stack holds.
        signalling_(local_parameters(transport_.configuration()), sdp::new_origin(random),
                    configuration_.name, events_) {}

  // Opened by every public method: this connection's name and trace layers for what it does
  // (common/trace.h), also when a test drives it without src/net.
  trace::PeerScope trace_scope() const {
    return trace::PeerScope(configuration_.name, trace_layers_);
  }

  void set_local_description(const SessionDescription& description, Timestamp now) {
    const ice::Role role = signalling_.set_local_description(description);
    transport_.set_candidate_mid(signalling_.local_mid(), signalling_.local_m_line_index());
    transport_.start_ice(role, true, now);
    start_dtls_once_complete(now);
    transport_.advance(now);
  }

  Status set_remote_description(const SessionDescription& description, Timestamp now) {
    auto remote = signalling_.set_remote_description(description);
    if (!remote) return remote.error();
    transport_.set_remote_ice(*remote, now);
    start_dtls_once_complete(now);
    transport_.advance(now);
    return Ok{};
  }

  Status add_ice_candidate(const IceCandidateInit& init, Timestamp now) {
    // W3C webrtc-pc §4.4.1.5 addIceCandidate: no remote description yet is InvalidStateError.
    if (!signalling_.remote_description())
      throw InvalidStateError("addIceCandidate: there is no remote description yet");
    if (!signalling_.remote_mid_matches(init.sdp_mid))
      return fail("addIceCandidate: no media section with mid " + *init.sdp_mid);
    if (init.candidate.empty()) {
      // RFC 8838 §13 / W3C: an empty candidate is end-of-candidates.
      transport_.end_of_remote_candidates(now);
    } else {
      auto line = sdp::Candidate::parse(init.candidate);
      if (!line) return fail("addIceCandidate: " + line.error().message());
      transport_.add_remote_candidate(*line, now);
    }
    transport_.advance(now);
    return Ok{};
  }

  std::optional<SessionDescription> local_description() const {
    return signalling_.local_description(
        transport_.local_candidates(), transport_.gathering_state() == IceGatheringState::Complete);
  }

  void close() {
    if (signalling_.state() == SignalingState::Closed) return;
    LUCID_TRACE("pc", prefix(), "closed");
    signalling_.close();
    transport_.close();
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

  const PeerConnectionConfiguration configuration_;
  const trace::Layers trace_layers_;
  std::deque<PeerConnectionEvent> events_;  // both halves push here; poll_event drains it
  TransportStack transport_;
  Signalling signalling_;

 private:
  void start_dtls_once_complete(Timestamp now) {
    if (!signalling_.complete()) return;
    // Checked when the second description was set (Signalling::set_remote_description).
    if (auto dtls = signalling_.dtls_parameters(); dtls)
      transport_.start_dtls(*dtls, signalling_.sctp_parameters(), now);
    else
      throw std::invalid_argument("setLocalDescription: " + dtls.error().message());
  }

  std::string prefix() const {
    return configuration_.name.empty() ? std::string() : configuration_.name + ": ";
  }
};

// ---- the public face forwards to Impl ----
// Each method that can trace opens the connection's trace scope first (Impl::trace_scope).

PeerConnection::PeerConnection(PeerConnectionConfiguration configuration, Random& random)
    : impl_(std::make_unique<Impl>(std::move(configuration), random)) {}
PeerConnection::~PeerConnection() {
  if (!impl_) return;  // moved from
  // Ending the association and the channels still held can trace too. The scope keeps copies:
  // Impl's own name and layers go before its SCTP transport does.
  const trace::Layers layers(impl_->configuration_.trace);
  const trace::PeerScope scope(impl_->configuration_.name, layers);
  impl_.reset();
}
PeerConnection::PeerConnection(PeerConnection&&) noexcept = default;
PeerConnection& PeerConnection::operator=(PeerConnection&&) noexcept = default;

void PeerConnection::add_local_address(const SocketAddress& address) {
  impl_->transport_.add_local_address(address);
}
SessionDescription PeerConnection::create_offer() {
  const auto scope = impl_->trace_scope();
  return impl_->signalling_.create_offer();
}
SessionDescription PeerConnection::create_answer() {
  const auto scope = impl_->trace_scope();
  return impl_->signalling_.create_answer();
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
  return impl_->signalling_.remote_description();
}
SignalingState PeerConnection::signaling_state() const { return impl_->signalling_.state(); }
IceGatheringState PeerConnection::ice_gathering_state() const {
  return impl_->transport_.gathering_state();
}
IceConnectionState PeerConnection::ice_connection_state() const {
  return impl_->transport_.ice_connection_state();
}
PeerConnectionState PeerConnection::connection_state() const {
  return impl_->transport_.connection_state();
}
void PeerConnection::close() {
  const auto scope = impl_->trace_scope();
  impl_->close();
}
std::shared_ptr<DataChannel> PeerConnection::create_data_channel(const std::string& label,
                                                                 const DataChannelInit& init) {
  const auto scope = impl_->trace_scope();
  return impl_->transport_.sctp().create_data_channel(label, init);
}

void PeerConnection::handle_input(const Datagram& datagram, Timestamp now) {
  const auto scope = impl_->trace_scope();
  impl_->transport_.guarded("handle_input",
                            [&] { impl_->transport_.handle_input(datagram, now); });
}
std::optional<Datagram> PeerConnection::poll_transmit() {
  const auto scope = impl_->trace_scope();
  std::optional<Datagram> transmit;
  impl_->transport_.guarded("poll_transmit", [&] { transmit = impl_->transport_.poll_transmit(); });
  return transmit;
}
std::optional<Timestamp> PeerConnection::poll_timeout() const {
  return impl_->transport_.poll_timeout();
}
void PeerConnection::handle_timeout(Timestamp now) {
  const auto scope = impl_->trace_scope();
  impl_->transport_.guarded("handle_timeout", [&] { impl_->transport_.handle_timeout(now); });
}
std::optional<PeerConnectionEvent> PeerConnection::poll_event() { return impl_->poll_event(); }
const PeerConnectionConfiguration& PeerConnection::configuration() const {
  return impl_->configuration_;
}
const ice::Agent* PeerConnection::ice_agent() const { return &impl_->transport_.ice_agent(); }
const dtls::Transport* PeerConnection::dtls_transport() const {
  return impl_->transport_.dtls_transport();
}

PeerConnectionStats PeerConnection::get_stats() const {
  PeerConnectionStats stats;
  stats.transport = impl_->transport_.stats();
  stats.data_channels = impl_->transport_.sctp().data_channel_stats();
  stats.sctp_transport = impl_->transport_.sctp().stats();
  return stats;
}

}  // namespace lucid
