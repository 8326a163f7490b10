#include "ice/agent.h"

#include <algorithm>
#include <stdexcept>

#include "common/trace.h"
#include "ice/agent_impl.h"

namespace lucid::ice {

const char* to_string(Role role) {
  return role == Role::Controlling ? "controlling" : "controlled";
}

const char* to_string(AgentState state) {
  switch (state) {
    case AgentState::New:
      return "new";
    case AgentState::Checking:
      return "checking";
    case AgentState::Connected:
      return "connected";
    case AgentState::Completed:
      return "completed";
    case AgentState::Failed:
      return "failed";
    case AgentState::Disconnected:
      return "disconnected";
    case AgentState::Closed:
      return "closed";
  }
  return "?";
}

const char* to_string(GatheringState state) {
  switch (state) {
    case GatheringState::New:
      return "new";
    case GatheringState::Gathering:
      return "gathering";
    case GatheringState::Complete:
      return "complete";
  }
  return "?";
}

Credentials Credentials::generate(Random& random) {
  // RFC 8839 §5.4: ice-char is ALPHA / DIGIT / "+" / "/"; ufrag at least 4, pwd at least 22
  // characters, with at least 24 and 128 bits of randomness. 8 and 24 characters of 64 give
  // 48 and 144 bits.
  static constexpr char kIceChars[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  auto draw = [&random](std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += kIceChars[random.uniform(0, 63)];
    return s;
  };
  Credentials c;
  c.ufrag = draw(8);
  c.pwd = draw(24);
  return c;
}

namespace {
stun::BindingResponder make_responder(const Credentials& local) {
  stun::BindingResponderConfig c;
  // RFC 8445 §7.3: a check must be signed with our password and name our ufrag first.
  c.password = local.pwd;
  c.username_prefix = local.ufrag;
  c.fingerprint = true;
  return stun::BindingResponder(c);
}
}  // namespace

Agent::Impl::Impl(AgentConfig config, Random& random)
    : config_(std::move(config)),
      who_(config_.name.empty() ? std::string() : config_.name + ": "),
      random_(random),
      role_(config_.role),
      tie_breaker_(random.next_u64()),
      local_credentials_(config_.local_credentials ? *config_.local_credentials
                                                   : Credentials::generate(random)),
      responder_(make_responder(local_credentials_)),
      checklist_(config_.max_pairs) {}

void Agent::Impl::set_state(AgentState next, const std::string& reason) {
  if (next == state_) return;
  LUCID_TRACE("ice", who_, "agent state ", to_string(state_), " -> ", to_string(next),
              reason.empty() ? "" : ": ", reason);
  state_ = next;
  emit(StateChangeEvent{next, reason});
}

void Agent::Impl::update_state(Timestamp now, const std::string& reason) {
  if (state_ == AgentState::Closed) return;
  if (selected_) {
    // Consent lost is final for this pair (RFC 7675 §5.1); only a new selected pair (after a
    // restart) leaves Failed.
    if (selected_->consent_expired) return;
    if (now - last_received_ >= config_.disconnected_timeout) {
      set_state(AgentState::Disconnected,
                reason.empty() ? trace::concat("nothing received on the selected pair for ",
                                               std::chrono::duration_cast<std::chrono::milliseconds>(
                                                   now - last_received_)
                                                   .count(),
                                               " ms")
                               : reason);
      return;
    }
    // W3C "completed": the peer has no more candidates and nothing is left to check.
    const bool done = remote_end_of_candidates_ && !checklist_.has_work() &&
                      checklist_.count(PairState::InProgress) == 0 && checks_.empty();
    set_state(done ? AgentState::Completed : AgentState::Connected, reason);
    return;
  }
  if (remote_candidates_.empty() && checklist_.pairs().empty()) {
    if (state_ != AgentState::Failed) set_state(AgentState::New, reason);
    return;
  }
  // RFC 8445 §8.1.2 / RFC 8838 §8: failure can be declared only when no more candidates can come
  // (end-of-candidates from the peer, our own gathering complete) and every pair has failed.
  const bool nothing_left = remote_end_of_candidates_ &&
                            gathering_state_ == GatheringState::Complete &&
                            !checklist_.has_work() && checks_.empty() && !checklist_.best_valid();
  if (nothing_left) {
    set_state(
        AgentState::Failed,
        reason.empty()
            ? "every candidate pair failed; no path to the peer (a TURN relay would be needed)"
            : reason);
    return;
  }
  if (state_ != AgentState::Failed) set_state(AgentState::Checking, reason);
}

void Agent::Impl::drive(Timestamp now) {
  if (state_ == AgentState::Closed) return;
  // RFC 8445 §14.2: one new STUN transaction (check or gathering request) every Ta.
  if (!last_paced_ || now - *last_paced_ >= config_.ta) {
    // The slot is used even when nothing could start, so that a caller woken for it is not
    // woken again at once.
    if (start_next_gather(now) || start_next_check(now) || last_paced_) last_paced_ = now;
  }
  maybe_nominate(now);
  // Retransmissions of transactions already started are not paced (§14.3).
  for (auto& g : gathers_)
    if (g.transaction)
      while (auto bytes = g.transaction->poll_transmit())
        transmit(g.base, g.server, std::move(*bytes));
  for (auto& c : checks_)
    while (auto bytes = c.transaction.poll_transmit())
      if (!c.cancelled) transmit(c.local, c.remote, std::move(*bytes));
  check_gathering_complete();
  update_state(now);
}

std::optional<Timestamp> Agent::Impl::poll_timeout() const {
  if (state_ == AgentState::Closed) return std::nullopt;
  std::optional<Timestamp> t;
  auto consider = [&t](std::optional<Timestamp> c) {
    if (c && (!t || *c < *t)) t = c;
  };
  const bool paced_work = std::any_of(gathers_.begin(), gathers_.end(),
                                      [](const GatherRequest& g) { return !g.transaction; }) ||
                          (remote_credentials_ && checklist_.has_work());
  if (paced_work) consider(last_paced_ ? *last_paced_ + config_.ta : Timestamp{});
  for (const auto& g : gathers_)
    if (g.transaction) consider(g.transaction->poll_timeout());
  for (const auto& c : checks_) consider(c.transaction.poll_timeout());
  // The nomination deadline counts only while maybe_nominate() would act on it.
  if (controlling() && remote_credentials_ && first_valid_at_ && !nominated_in_this_generation() &&
      checklist_.best_valid_const() &&
      std::none_of(checks_.begin(), checks_.end(), [](const Check& c) { return c.use_candidate; }))
    consider(*first_valid_at_ + config_.nomination_delay);
  consider(consent_deadline());
  return t;
}

void Agent::Impl::handle_timeout(Timestamp now) {
  if (state_ == AgentState::Closed) return;
  for (auto& g : gathers_)
    if (g.transaction) g.transaction->handle_timeout(now);
  for (auto& c : checks_) c.transaction.handle_timeout(now);
  gather_timeouts(now);
  check_timeouts(now);
  consent_timers(now);
  drive(now);
}

std::optional<Payload> Agent::Impl::handle_input(const Datagram& datagram, Timestamp now) {
  if (state_ == AgentState::Closed) return std::nullopt;
  // RFC 7983 §7: one look at the first byte says which layer the datagram is for.
  const PacketClass kind = classify(datagram.data);
  switch (kind) {
    case PacketClass::Stun:
      handle_stun(datagram.data, datagram.remote, datagram.local, now);
      return std::nullopt;
    case PacketClass::Dtls:
    case PacketClass::RtpRtcp:
      // W3C: any traffic on the selected pair shows it is alive (consent needs STUN answers).
      if (on_selected_pair(datagram.local, datagram.remote)) note_received(now);
      return Payload{kind, datagram.data, checklist_.find(datagram.local, datagram.remote)};
    case PacketClass::TurnChannel:
      // RFC 8656 §12.4: ChannelData comes only from a TURN server we allocated on, and this
      // agent has no relayed candidate.
      LUCID_TRACE("ice", who_, "dropped a ", datagram.data.size(), "-byte TURN ChannelData from ",
                  datagram.remote.to_string(), ": no TURN allocation on ",
                  datagram.local.to_string());
      return std::nullopt;
    case PacketClass::Zrtp:
    case PacketClass::Unknown:
      break;
  }
  LUCID_TRACE("ice", who_, "dropped a ", datagram.data.size(), "-byte datagram from ",
              datagram.remote.to_string(),
              datagram.data.empty() ? std::string(": it is empty")
              : kind == PacketClass::Zrtp
                  ? std::string(": ZRTP has no place in WebRTC")
                  : trace::concat(": first byte ", int(datagram.data[0]),
                                  " is no protocol of RFC 7983"));
  return std::nullopt;
}

void Agent::Impl::handle_stun(BytesView datagram, const SocketAddress& remote,
                              const SocketAddress& local, Timestamp now) {
  auto parsed = stun::parse(datagram);
  if (!parsed) {
    LUCID_TRACE("ice", who_, "ignored a malformed STUN datagram from ", remote.to_string(), ": ",
                parsed.error().message());
    return;
  }
  const stun::Message& message = *parsed;
  if (message.method() != stun::Method::Binding) {
    LUCID_TRACE("ice", who_, "ignored a STUN ", stun::method_name(message.method()),
                " message from ", remote.to_string());
  } else if (message.is_request()) {
    handle_request(datagram, remote, local, now);
  } else if (message.is_response()) {
    const bool known = handle_check_response(message, remote, local, now) ||
                       handle_gather_response(message, remote, now) ||
                       handle_consent_response(message, remote, now);
    if (!known)
      LUCID_TRACE("ice", who_, "ignored a Binding response from ", remote.to_string(),
                  " that answers no request of ours (transaction ",
                  stun::to_hex(message.transaction_id()), ")");
  }
  // Binding indications are keepalives (RFC 8445 §11): nothing to do.
  drive(now);
}

void Agent::Impl::pair_local(const Candidate& local) {
  for (const auto& remote : remote_candidates_) {
    if (auto id = checklist_.add(local, remote, controlling()))
      LUCID_TRACE("ice", who_, "new pair ", checklist_.find(*id)->describe(), " (",
                  to_string(checklist_.find(*id)->state), ")");
  }
}

void Agent::Impl::pair_remote(const Candidate& remote) {
  for (const auto& local : local_candidates_) {
    // RFC 8445 §6.1.2.4: a server-reflexive local candidate is replaced by its base, which is a
    // host candidate already paired; so only host candidates form pairs here.
    if (local.type != CandidateType::Host) continue;
    if (auto id = checklist_.add(local, remote, controlling()))
      LUCID_TRACE("ice", who_, "new pair ", checklist_.find(*id)->describe(), " (",
                  to_string(checklist_.find(*id)->state), ")");
  }
}

void Agent::Impl::add_remote_candidate(const Candidate& candidate, Timestamp now) {
  if (!candidate.hostname.empty()) {
    LUCID_TRACE("ice", who_, "remote candidate ", candidate.describe(), " is named, not numbered",
                candidate.hostname.ends_with(".local") ? " (an mDNS name)" : "",
                "; lucid cannot resolve it, so it is skipped");
    return;
  }
  if (candidate.address.ip.is_unspecified() || candidate.address.port == 0) {
    LUCID_TRACE("ice", who_, "remote candidate ", candidate.describe(),
                " has no usable address, so it is skipped");
    return;
  }
  if (candidate.component != 1) {
    LUCID_TRACE("ice", who_, "remote candidate ", candidate.describe(), " is for component ",
                candidate.component, "; with rtcp-mux only component 1 is used, so it is skipped");
    return;
  }
  // RFC 8838 §11.4: a candidate we already learned as peer-reflexive is now signalled; keep
  // the signalled type and priority but do not pair it twice.
  for (auto& known : remote_candidates_) {
    if (known.address == candidate.address && known.transport == candidate.transport) {
      if (known.type == CandidateType::PeerReflexive) {
        LUCID_TRACE("ice", who_, "remote candidate ", candidate.describe(),
                    " was already known as peer-reflexive");
        known = candidate;
      }
      drive(now);
      return;
    }
  }
  if (remote_candidates_.size() >= kMaxRemoteCandidates) {
    if (!remote_candidate_limit_reported_) {
      remote_candidate_limit_reported_ = true;
      LUCID_TRACE("ice", who_, "already ", remote_candidates_.size(),
                  " remote candidates: this one (", candidate.describe(),
                  ") and any further ones are ignored (a check list holds at most ",
                  config_.max_pairs, " pairs, RFC 8445 §6.1.2.5)");
    }
    return;
  }
  LUCID_TRACE("ice", who_, "remote candidate ", candidate.describe(), " priority ",
              candidate.priority);
  remote_candidates_.push_back(candidate);
  // RFC 8445 §8.1.2: once a pair is nominated the check list is done; a candidate arriving
  // later is remembered but not checked (a restart would use it).
  if (!nominated_in_this_generation()) pair_remote(candidate);
  drive(now);
}

void Agent::Impl::restart(Timestamp now, std::optional<Credentials> new_local) {
  // RFC 8445 §9: new credentials start a new generation: a new check list, fresh gathering.
  // The selected pair stays usable (with the old credentials) until a new one is selected.
  if (selected_) previous_responder_ = responder_;
  local_credentials_ = new_local ? *new_local : Credentials::generate(random_);
  responder_ = make_responder(local_credentials_);
  LUCID_TRACE("ice", who_, "ICE restart: new local ufrag ", local_credentials_.ufrag,
              selected_ ? "; the selected pair keeps carrying data until a new one is chosen" : "");
  remote_credentials_.reset();
  remote_end_of_candidates_ = false;
  remote_candidates_.clear();
  remote_candidate_limit_reported_ = false;
  checklist_.clear();
  checks_.clear();
  gathers_.clear();
  first_valid_at_.reset();
  local_candidates_.clear();
  last_paced_.reset();
  if (selected_ && selected_->consent_expired) selected_.reset();  // a dead path is not kept
  if (state_ == AgentState::Failed) {
    // Consent was lost or every pair failed: the new generation starts over.
    previous_responder_.reset();
    set_state(AgentState::New, "ICE restart");
  }
  if (gathering_state_ != GatheringState::New) {
    gathering_state_ = GatheringState::New;
    start_gathering(now);
  }
  drive(now);
}

// ---- the public face: each call forwards to Impl and then lets the agent run ----

Agent::Agent(AgentConfig config, Random& random)
    : impl_(std::make_unique<Impl>(std::move(config), random)) {}
Agent::~Agent() = default;
Agent::Agent(Agent&&) noexcept = default;
Agent& Agent::operator=(Agent&&) noexcept = default;

const Credentials& Agent::local_credentials() const { return impl_->local_credentials_; }
Role Agent::role() const { return impl_->role_; }
std::uint64_t Agent::tie_breaker() const { return impl_->tie_breaker_; }

void Agent::set_role(Role role) {
  if (role == impl_->role_) return;
  impl_->role_ = role;
  impl_->checklist_.set_controlling(impl_->controlling());
  LUCID_TRACE("ice", impl_->who_, "role set to ", to_string(role), " by the application");
}
GatheringState Agent::gathering_state() const { return impl_->gathering_state_; }
const std::vector<Candidate>& Agent::local_candidates() const { return impl_->local_candidates_; }
const std::vector<Candidate>& Agent::remote_candidates() const { return impl_->remote_candidates_; }
AgentState Agent::state() const { return impl_->state_; }
const std::vector<CandidatePair>& Agent::pairs() const { return impl_->checklist_.pairs(); }

const CandidatePair* Agent::selected_pair() const {
  return impl_->selected_ ? &impl_->selected_->pair : nullptr;
}

void Agent::add_local_interface_address(const SocketAddress& address, Timestamp now) {
  impl_->add_interface(address, now);
  impl_->drive(now);
}

void Agent::gather(Timestamp now) {
  impl_->start_gathering(now);
  impl_->drive(now);
}

void Agent::set_remote_credentials(const Credentials& remote, Timestamp now) {
  if (impl_->remote_credentials_ && impl_->remote_credentials_->ufrag != remote.ufrag)
    throw std::logic_error(
        "ice::Agent: new remote credentials need restart() first (RFC 8445 §9)");
  impl_->remote_credentials_ = remote;
  LUCID_TRACE("ice", impl_->who_, "remote credentials: ufrag ", remote.ufrag);
  impl_->drive(now);
}

void Agent::add_remote_candidate(const Candidate& candidate, Timestamp now) {
  impl_->add_remote_candidate(candidate, now);
}

void Agent::end_of_remote_candidates(Timestamp now) {
  LUCID_TRACE("ice", impl_->who_, "the peer has no more candidates (end-of-candidates)");
  impl_->remote_end_of_candidates_ = true;
  impl_->drive(now);
}

std::optional<Payload> Agent::handle_input(const Datagram& datagram, Timestamp now) {
  return impl_->handle_input(datagram, now);
}

void Agent::handle_timeout(Timestamp now) { impl_->handle_timeout(now); }
std::optional<Timestamp> Agent::poll_timeout() const { return impl_->poll_timeout(); }

std::optional<Datagram> Agent::poll_transmit() {
  if (impl_->transmits_.empty()) return std::nullopt;
  Datagram t = std::move(impl_->transmits_.front());
  impl_->transmits_.pop_front();
  return t;
}

std::optional<Event> Agent::poll_event() {
  if (impl_->events_.empty()) return std::nullopt;
  Event e = std::move(impl_->events_.front());
  impl_->events_.pop_front();
  return e;
}

bool Agent::send(BytesView data) {
  // RFC 7675 §5.1: without consent (Failed) nothing but consent checks may be sent.
  if (!impl_->selected_ || impl_->selected_->consent_expired || impl_->state_ == AgentState::Closed)
    return false;
  const CandidatePair& p = impl_->selected_->pair;
  impl_->transmit(p.local.base, p.remote.address, Bytes(data.begin(), data.end()));
  return true;
}

const Credentials& Agent::restart(Timestamp now, std::optional<Credentials> new_local) {
  if (impl_->state_ == AgentState::Closed)
    throw std::logic_error("ice::Agent: restart() after close()");
  impl_->restart(now, std::move(new_local));
  return impl_->local_credentials_;
}

void Agent::close() {
  if (impl_->state_ == AgentState::Closed) return;
  impl_->checks_.clear();
  impl_->gathers_.clear();
  impl_->transmits_.clear();
  impl_->set_state(AgentState::Closed, "closed by the application");
}

}  // namespace lucid::ice
