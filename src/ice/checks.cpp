// Connectivity checks (RFC 8445 §7): Binding requests sent on candidate pairs, the answers to
// the peer's checks, role conflicts, and regular nomination by the controlling agent (§8.1.1).
#include <algorithm>

#include "common/trace.h"
#include "ice/agent_impl.h"
#include "stun/credentials.h"
#include "stun/integrity.h"

namespace lucid::ice {

namespace {
std::int64_t ms(Duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}
Role other(Role r) { return r == Role::Controlling ? Role::Controlled : Role::Controlling; }
}  // namespace

stun::Message Agent::Impl::build_binding_request(const Credentials& local,
                                                 const Credentials& remote, std::uint32_t priority,
                                                 bool use_candidate) {
  stun::Message m = stun::Message::request(stun::Method::Binding, random_);
  // RFC 8445 §7.2.2: USERNAME is "remote-ufrag:local-ufrag" — the receiver's ufrag first.
  m.add(stun::Username{remote.ufrag + ":" + local.ufrag});
  // §7.1.1: PRIORITY is what a peer-reflexive candidate learned from this check would be worth.
  m.add(stun::Priority{priority});
  // §7.1.3: our role and tie-breaker, so the peer can detect a role conflict.
  if (controlling())
    m.add(stun::IceControlling{tie_breaker_});
  else
    m.add(stun::IceControlled{tie_breaker_});
  // §7.1.2: the controlling agent nominates a pair with USE-CANDIDATE.
  if (use_candidate) m.add(stun::UseCandidate{});
  return m;
}

bool Agent::Impl::start_next_check(Timestamp now) {
  if (!remote_credentials_) return false;  // §7.2: checks need the peer's password
  // W3C "failed" is final until an ICE restart: no new checks (the peer's are still answered).
  if (state_ == AgentState::Failed) return false;
  CandidatePair* pair = checklist_.next_to_check();
  if (!pair) return false;
  send_check(*pair, false, now);
  return true;
}

void Agent::Impl::send_check(CandidatePair& pair, bool use_candidate, Timestamp now) {
  const Credentials& remote = *remote_credentials_;
  // §7.1.1: the PRIORITY of a peer-reflexive candidate with this candidate's local preference.
  const auto local_preference = static_cast<std::uint16_t>((pair.local.priority >> 8) & 0xffff);
  const std::uint32_t priority =
      candidate_priority(CandidateType::PeerReflexive, local_preference, pair.local.component);
  stun::Message request =
      build_binding_request(local_credentials_, remote, priority, use_candidate);
  stun::EncodeOptions options;
  // §7.2.2: signed with the peer's password, and fingerprinted.
  options.integrity_key = stun::short_term_key(remote.pwd);
  options.fingerprint = true;

  // §14.3: RTO = MAX(500 ms, Ta * (number of Waiting + In-Progress pairs)).
  const auto busy = static_cast<Duration::rep>(checklist_.count(PairState::Waiting) +
                                               checklist_.count(PairState::InProgress));
  stun::TransactionConfig tc;
  tc.rto = std::max(config_.min_check_rto, config_.ta * busy);
  tc.max_rto = config_.max_check_rto;
  tc.rc = config_.max_check_retransmissions + 1;
  tc.rm = 4;
  checks_.push_back(Check{
      stun::ClientTransaction(stun::encode(request, options), request.transaction_id(), now, tc),
      pair.id, pair.local.base, pair.remote.address, *options.integrity_key, role_, use_candidate,
      now});
  pair.state = PairState::InProgress;
  LUCID_TRACE("ice", who_, "check ", pair.describe(), " sent",
              use_candidate ? " with USE-CANDIDATE" : "", " as ", to_string(role_), " (",
              to_string(pair.local.type), " -> ", to_string(pair.remote.type), ", transaction ",
              stun::to_hex(request.transaction_id()), ")");
}

void Agent::Impl::switch_role(Role role, const char* why) {
  if (role == role_) return;
  role_ = role;
  // §7.2.5.1: pair priorities depend on who is controlling, so they are recomputed.
  checklist_.set_controlling(controlling());
  LUCID_TRACE("ice", who_, "role conflict repaired: now ", to_string(role_), " (", why, ")");
}

void Agent::Impl::handle_request(BytesView datagram, const SocketAddress& remote,
                                 const SocketAddress& local, Timestamp now) {
  // §7.3: the responder checks USERNAME (our ufrag first) and MESSAGE-INTEGRITY (our password).
  // During a restart the previous generation's credentials are still honoured for the old pair.
  auto outcome = responder_.handle(datagram, remote);
  bool previous_generation = false;
  if (!outcome.accepted && previous_responder_) {
    auto old = previous_responder_->handle(datagram, remote);
    if (old.accepted) {
      outcome = std::move(old);
      previous_generation = true;
    }
  }
  if (!outcome.accepted) {
    LUCID_TRACE("ice", who_, "refused a check from ", remote.to_string(), ": ",
                outcome.reason ? outcome.reason->message() : std::string("not acceptable"));
    if (outcome.reply) transmit(local, remote, std::move(*outcome.reply));
    return;
  }
  const stun::Message& request = *outcome.request;
  const stun::BindingResponder& responder = previous_generation ? *previous_responder_ : responder_;
  auto host = std::find_if(
      local_candidates_.begin(), local_candidates_.end(),
      [&](const Candidate& c) { return c.type == CandidateType::Host && c.address == local; });
  if (host == local_candidates_.end() && !previous_generation) {
    LUCID_TRACE("ice", who_, "ignored a check from ", remote.to_string(), " that arrived on ",
                local.to_string(), ", which is not one of our host candidates");
    return;
  }

  // §7.3.1.1: role conflict. Both claim the same role: the larger tie-breaker keeps it.
  const auto* their_controlling = request.get<stun::IceControlling>();
  const auto* their_controlled = request.get<stun::IceControlled>();
  if (controlling() && their_controlling) {
    if (tie_breaker_ >= their_controlling->tie_breaker) {
      LUCID_TRACE("ice", who_,
                  "both agents are controlling; our tie-breaker is larger, so we answer ",
                  remote.to_string(), " with 487 Role Conflict");
      transmit(
          local, remote,
          responder.error_response(request, stun::error::kRoleConflict, "Role Conflict", true));
      return;
    }
    switch_role(Role::Controlled, "both controlling, the peer's tie-breaker is larger");
  } else if (!controlling() && their_controlled) {
    if (tie_breaker_ >= their_controlled->tie_breaker) {
      switch_role(Role::Controlling, "both controlled, our tie-breaker is larger");
    } else {
      LUCID_TRACE("ice", who_,
                  "both agents are controlled; the peer's tie-breaker is larger, so we answer ",
                  remote.to_string(), " with 487 Role Conflict");
      transmit(
          local, remote,
          responder.error_response(request, stun::error::kRoleConflict, "Role Conflict", true));
      return;
    }
  }

  // §7.3.1.2: the success response tells the peer where we saw its check come from.
  transmit(local, remote, responder.success_response(request, remote));
  if (on_selected_pair(local, remote)) note_received(now);  // the peer's consent check
  if (previous_generation) {
    LUCID_TRACE("ice", who_, "answered a check from ", remote.to_string(),
                " with the previous credentials (before the restart)");
    return;
  }
  const bool use_candidate = request.has<stun::UseCandidate>();
  LUCID_TRACE("ice", who_, "answered check ", remote.to_string(), " -> ", local.to_string(),
              use_candidate ? " (it carries USE-CANDIDATE)" : "");

  // §7.3.1.3: a check from an address the peer never signalled teaches us a peer-reflexive
  // candidate — typically the peer's NAT mapping toward us, or a candidate still trickling.
  auto known = std::find_if(remote_candidates_.begin(), remote_candidates_.end(),
                            [&](const Candidate& c) { return c.address == remote; });
  if (known == remote_candidates_.end()) {
    // Bounded, like the check list (§6.1.2.5): a peer that keeps changing source ports (a
    // symmetric NAT, or a misbehaving peer that knows our password) cannot grow it forever.
    // Signalled ones stop at kMaxRemoteCandidates; a check signed with our password still
    // teaches up to as many again.
    if (remote_candidates_.size() >= 2 * kMaxRemoteCandidates) {
      LUCID_TRACE("ice", who_, "not learning ", remote.to_string(),
                  " as a peer-reflexive candidate: too many remote candidates");
      return;
    }
    const auto* priority = request.get<stun::Priority>();
    remote_candidates_.push_back(
        make_peer_reflexive_candidate(remote, remote, priority ? priority->value : 0));
    known = std::prev(remote_candidates_.end());
    LUCID_TRACE("ice", who_, "learned peer-reflexive remote candidate ", remote.to_string(),
                " from its check (the peer did not signal this address)");
  }
  // §8.1.2: once a pair is nominated the check list is done — except that a controlled agent
  // still listens to USE-CANDIDATE: a peer using aggressive nomination (RFC 5245 §8.1.1.2, still
  // seen in the wild) nominates several pairs, and the best of them should carry the data.
  if (nominated_in_this_generation() && !(use_candidate && !controlling())) return;

  // §7.3.1.4: the check triggers one of ours on the same pair, so that both directions are
  // proven quickly (and, behind NATs, so that our NAT opens toward the peer).
  CandidatePair* pair = checklist_.find(local, remote);
  if (!pair) {
    auto id = checklist_.add(*host, *known, controlling());
    if (!id) return;
    pair = checklist_.find(*id);
    pair->state = PairState::Waiting;
    checklist_.trigger(pair->id);
    LUCID_TRACE("ice", who_, "new pair ", pair->describe(),
                " from the peer's check; a triggered check is queued");
  } else if (pair->state == PairState::Frozen || pair->state == PairState::Waiting ||
             pair->state == PairState::Failed) {
    pair->state = PairState::Waiting;
    checklist_.trigger(pair->id);
    LUCID_TRACE("ice", who_, "triggered check queued on ", pair->describe());
  } else if (pair->state == PairState::InProgress && !checklist_.is_triggered(pair->id)) {
    // §7.3.1.4: our own check on this pair is out, but it may have been lost (a NAT that had
    // not yet opened, say). The peer's check proves the path is open now, so instead of waiting
    // for the retransmission a fresh check goes out at once; the old one is not retransmitted,
    // though an answer to it still counts.
    bool replaced = false;
    for (auto& c : checks_)
      if (c.pair_id == pair->id && !c.use_candidate && !c.cancelled) c.cancelled = replaced = true;
    if (replaced) {
      pair->state = PairState::Waiting;
      checklist_.trigger(pair->id);
      LUCID_TRACE("ice", who_, "triggered check queued on ", pair->describe(),
                  " (replacing the check in progress)");
    }
  }

  // §7.3.1.5: the controlled agent learns the nomination from USE-CANDIDATE.
  if (use_candidate && !controlling()) {
    if (pair->state == PairState::Succeeded && pair->valid) {
      pair->nominated = true;
      LUCID_TRACE("ice", who_, "the peer nominated ", pair->describe(), "; pair nominated");
      select(*pair, now);
    } else {
      pair->nominate_on_success = true;
      LUCID_TRACE("ice", who_, "the peer nominated ", pair->describe(),
                  "; it is selected once our own check on it succeeds");
    }
  }
}

bool Agent::Impl::handle_check_response(const stun::Message& response, const SocketAddress& from,
                                        const SocketAddress& local, Timestamp now) {
  auto it = std::find_if(checks_.begin(), checks_.end(), [&](const Check& c) {
    return c.transaction.id() == response.transaction_id();
  });
  if (it == checks_.end()) return false;
  // §7.2.5.2.1 / RFC 8489 §9.1.4: a response whose integrity fails is discarded as if never
  // received; the transaction keeps waiting for the real one.
  if (auto ok = stun::verify_integrity(response, it->key); !ok) {
    LUCID_TRACE("ice", who_, "ignored a response from ", from.to_string(), " to check ",
                it->local.to_string(), " -> ", it->remote.to_string(), ": ", ok.error().message());
    return true;
  }
  it->transaction.handle_response(response, now);
  const Check check = std::move(*it);
  checks_.erase(it);
  CandidatePair* pair = checklist_.find(check.pair_id);
  if (!pair) return true;  // the pair left the list meanwhile (nomination, restart)
  const std::string path = pair->describe();

  // §7.2.5.2.1: the response must come from where the check went, to where it came from.
  if (from != check.remote || local != check.local) {
    pair->state = PairState::Failed;
    LUCID_TRACE("ice", who_, "check ", path, " failed: the response came from ", from.to_string(),
                " to ", local.to_string(), ", not the reverse of the check's path (non-symmetric)");
    return true;
  }

  if (response.message_class() == stun::MessageClass::ErrorResponse) {
    const auto* error = response.get<stun::ErrorCode>();
    const std::uint16_t code = error ? error->code : 0;
    if (code == stun::error::kRoleConflict) {
      // §7.2.5.1: switch role if we still have the role the request announced, and retry.
      if (check.role == role_) switch_role(other(role_), "the peer answered 487 Role Conflict");
      pair->state = PairState::Waiting;
      checklist_.trigger(pair->id);
      LUCID_TRACE("ice", who_, "check ", path, " got 487 Role Conflict; it is sent again as ",
                  to_string(role_));
      return true;
    }
    pair->state = PairState::Failed;
    pair->valid = false;
    LUCID_TRACE("ice", who_, "check ", path, " failed: the peer answered ", code, " ",
                error ? error->reason : "");
    return true;
  }

  const auto* mapped = response.get<stun::XorMappedAddress>();
  if (!mapped) {
    pair->state = PairState::Failed;
    LUCID_TRACE("ice", who_, "check ", path,
                " failed: the success response has no XOR-MAPPED-ADDRESS");
    return true;
  }
  pair->state = PairState::Succeeded;
  pair->valid = true;
  // §7.2.5.3.3: its success makes the other pairs of its foundation worth trying.
  checklist_.unfreeze_foundation(pair->foundation());
  if (check.transaction.transmissions() == 1) pair->round_trip_time = now - check.sent_at;
  if (check.transaction.transmissions() == 1)
    LUCID_TRACE("ice", who_, "check ", path, " succeeded (rtt ", ms(now - check.sent_at),
                " ms); pair is valid");
  else
    LUCID_TRACE("ice", who_, "check ", path, " succeeded ", ms(now - check.sent_at),
                " ms after its first request (", check.transaction.transmissions(),
                " sent); pair is valid");

  // §7.2.5.3.1: the peer saw us at an address we did not know: a peer-reflexive local candidate.
  // (RFC 8445 puts the pair (prflx, remote) in the valid list; it sends from the same base to
  // the same remote address as the pair checked, so lucid marks the checked pair valid.)
  const bool known = std::any_of(local_candidates_.begin(), local_candidates_.end(),
                                 [&](const Candidate& c) { return c.address == mapped->address; });
  if (!known) {
    const auto local_preference = static_cast<std::uint16_t>((pair->local.priority >> 8) & 0xffff);
    local_candidates_.push_back(make_peer_reflexive_candidate(
        mapped->address, pair->local.base,
        candidate_priority(CandidateType::PeerReflexive, local_preference, 1)));
    LUCID_TRACE("ice", who_, "learned peer-reflexive local candidate ", mapped->address.to_string(),
                ": the peer sees our check from ", pair->local.base.to_string(),
                " coming from there");
  }
  if (!first_valid_at_) first_valid_at_ = now;

  if (check.use_candidate && controlling()) {
    pair->nominated = true;
    LUCID_TRACE("ice", who_, "pair ", path, " nominated (the peer accepted USE-CANDIDATE)");
    select(*pair, now);
  } else if (!controlling() && pair->nominate_on_success) {
    pair->nominated = true;
    LUCID_TRACE("ice", who_, "pair ", path, " nominated (the peer sent USE-CANDIDATE earlier)");
    select(*pair, now);
  }
  return true;
}

void Agent::Impl::check_timeouts(Timestamp now) {
  (void)now;
  std::erase_if(checks_, [this](const Check& c) {
    if (c.transaction.state() != stun::ClientTransaction::State::TimedOut) return false;
    if (c.cancelled) return true;  // its replacement decides the pair's fate
    if (CandidatePair* pair = checklist_.find(c.pair_id);
        pair && pair->state == PairState::InProgress) {
      pair->state = PairState::Failed;
      pair->valid = false;
      LUCID_TRACE("ice", who_, "check ", pair->describe(), " failed: no answer after ",
                  c.transaction.transmissions(), " attempts",
                  c.use_candidate ? " (the nomination failed)" : "");
    }
    return true;
  });
}

void Agent::Impl::maybe_nominate(Timestamp now) {
  // §8.1.1 regular nomination: the controlling agent lets checks run, picks the best valid
  // pair, and checks it once more with USE-CANDIDATE.
  if (!controlling() || !remote_credentials_ || nominated_in_this_generation()) return;
  if (state_ == AgentState::Failed) return;  // final until an ICE restart
  if (std::any_of(checks_.begin(), checks_.end(), [](const Check& c) { return c.use_candidate; }))
    return;
  CandidatePair* best = checklist_.best_valid();
  if (!best || !first_valid_at_) return;
  const bool better_pending = std::any_of(
      checklist_.pairs().begin(), checklist_.pairs().end(), [&](const CandidatePair& p) {
        return p.priority > best->priority &&
               (p.state == PairState::Frozen || p.state == PairState::Waiting ||
                p.state == PairState::InProgress);
      });
  if (better_pending && now < *first_valid_at_ + config_.nomination_delay) return;
  LUCID_TRACE(
      "ice", who_, "nominating ", best->describe(), ", the best valid pair",
      better_pending ? " (better pairs are still unanswered after the nomination delay)" : "",
      ": checking it again with USE-CANDIDATE");
  send_check(*best, true, now);
}

void Agent::Impl::select(CandidatePair& pair, Timestamp now) {
  // W3C webrtc-pc §5.6 (RTCIceTransportState): "failed" is left only by an ICE restart. A check
  // answered late (or a nomination from the peer) after every pair had failed does not bring the
  // agent back: the connection above has already been told it failed and closed its channels.
  if (state_ == AgentState::Failed) {
    LUCID_TRACE("ice", who_, "not selecting ", pair.describe(),
                ": ICE has failed, and only an ICE restart starts it again");
    return;
  }
  if (selected_ && selected_->local.ufrag == local_credentials_.ufrag) {
    // A second nomination in the same generation (aggressive nomination by the peer): the
    // pair with the higher priority wins (RFC 5245 §8.1.1.2, RFC 8445 §8.1.1).
    if (selected_->pair.id == pair.id) return;
    if (selected_->pair.priority >= pair.priority) {
      LUCID_TRACE("ice", who_, "the peer also nominated ", pair.describe(), "; keeping ",
                  selected_->pair.describe(), ", which has the higher priority");
      return;
    }
    LUCID_TRACE("ice", who_, "the peer nominated ", pair.describe(), ", better than the selected ",
                selected_->pair.describe(), "; switching");
  }
  selected_ = Selected{pair, local_credentials_, *remote_credentials_};
  previous_responder_.reset();  // the previous generation, if any, is over (RFC 8445 §9)
  LUCID_TRACE("ice", who_, "selected pair ", pair.describe(), " (", to_string(pair.local.type),
              " -> ", to_string(pair.remote.type), "); data flows on it now");
  emit(SelectedPairEvent{pair.local, pair.remote});
  // §8.1.2: with a nominated pair the remaining checks stop: Waiting and Frozen pairs leave the
  // list, and checks still in progress are not retransmitted.
  const std::uint32_t id = pair.id;
  checklist_.prune_after_nomination();
  std::erase_if(checks_, [&](const Check& c) {
    if (c.pair_id == id) return c.cancelled;
    if (CandidatePair* p = checklist_.find(c.pair_id)) p->state = PairState::Failed;
    return true;
  });
  start_consent(now);
  update_state(now, "pair selected");
}

}  // namespace lucid::ice
