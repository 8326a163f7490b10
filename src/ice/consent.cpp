// Liveness of the selected pair: consent freshness (RFC 7675) and the W3C "disconnected" state.
//
// Two clocks, kept apart on purpose:
//   - consent (RFC 7675 §5.1): only a signed success answer to one of our consent checks renews
//     it; 30 s without one and consent is lost: state failed, and nothing more is sent.
//   - receiving (W3C RTCIceTransportState "disconnected"): anything that arrives on the selected
//     pair — DTLS or RTP handed up by handle_input(), the peer's own checks, our answers — shows
//     the path works. Nothing for disconnected_timeout (5 s) and the state is disconnected, until
//     something arrives again.
// The checks double as ICE keepalives (RFC 8445 §11).
#include <algorithm>

#include "common/trace.h"
#include "ice/agent_impl.h"
#include "stun/credentials.h"
#include "stun/integrity.h"

namespace lucid::ice {

namespace {
// RFC 7675 §5.1: an answer to any request sent in the last 30 s counts. Checks go out every
// 4-6 s, and while unanswered after 0.5, 1, 2, 2.5, 2.5, ... s: at most ~14 in 30 s.
constexpr std::size_t kRememberedConsentRequests = 16;

long long ms(Duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); }
}  // namespace

Duration Agent::Impl::consent_period() {
  // RFC 7675 §5.1: every interval randomized between 0.8 and 1.2 times 5 s, so that many flows
  // do not synchronise.
  return config_.consent_interval * static_cast<Duration::rep>(random_.uniform(80, 120)) / 100;
}

void Agent::Impl::start_consent(Timestamp now) {
  last_consent_ = now;  // the nomination check just succeeded: that is a fresh consent
  last_received_ = now;
  consent_requests_.clear();
  consent_resend_at_.reset();
  consent_resend_wait_ = config_.consent_rto;
  next_consent_ = now + consent_period();
}

void Agent::Impl::note_received(Timestamp now) {
  last_received_ = now;
  if (state_ == AgentState::Disconnected)
    update_state(now, "traffic arrives on the selected pair again");
}

bool Agent::Impl::on_selected_pair(const SocketAddress& local, const SocketAddress& remote) const {
  return selected_ && selected_->pair.local.base == local && selected_->pair.remote.address == remote;
}

Timestamp Agent::Impl::next_consent_check() const {
  Timestamp due = *next_consent_;
  if (consent_resend_at_) {
    // An unanswered check is followed by a new one sooner, the waits doubling (RFC 8489
    // §6.2.1's schedule, though each is a new request: RFC 7675 §5.1).
    due = std::min(due, *consent_resend_at_);
  } else {
    // An idle pair is probed once nothing has arrived on it for half the disconnected timeout,
    // so that a working pair with no data on it never looks disconnected.
    due = std::min(due, last_received_ + config_.disconnected_timeout / 2);
  }
  return due;
}

void Agent::Impl::consent_timers(Timestamp now) {
  if (!selected_ || selected_->consent_expired || state_ == AgentState::Closed) return;
  const CandidatePair& pair = selected_->pair;
  if (now - last_consent_ >= config_.consent_timeout) {
    // RFC 7675 §5.1: consent expired; stop sending (send() refuses from now on).
    next_consent_.reset();
    consent_resend_at_.reset();
    selected_->consent_expired = true;
    set_state(AgentState::Failed,
              trace::concat(
                  "consent lost: no answer from ", pair.remote.address.to_string(), " for ",
                  std::chrono::duration_cast<std::chrono::seconds>(config_.consent_timeout).count(),
                  " s; stopped sending"));
    return;
  }
  if (!next_consent_ || now < next_consent_check()) return;
  send_consent_check(now);
}

void Agent::Impl::send_consent_check(Timestamp now) {
  const CandidatePair& pair = selected_->pair;
  const auto local_preference = static_cast<std::uint16_t>((pair.local.priority >> 8) & 0xffff);
  // RFC 7675 §5.1: each consent check is a new transaction (a new id), sent once; a request
  // that goes unanswered is followed by a new one, not retransmitted.
  stun::Message request = build_binding_request(
      selected_->local, selected_->remote,
      candidate_priority(CandidateType::PeerReflexive, local_preference, 1), false);
  stun::EncodeOptions options;
  options.integrity_key = stun::short_term_key(selected_->remote.pwd);
  options.fingerprint = true;
  transmit(pair.local.base, pair.remote.address, stun::encode(request, options));
  consent_requests_.push_back(ConsentRequest{request.transaction_id(), now});
  if (consent_requests_.size() > kRememberedConsentRequests) consent_requests_.pop_front();

  // The wait before the next check if this one goes unanswered: 500 ms (RFC 8489 §6.2.1's
  // initial RTO, never less than twice the pair's round trip), doubling, at most half the
  // regular interval. The 30 s of RFC 7675 then hold about twelve requests: at 30% loss each
  // way all of them fail with a chance of 0.51^12, about 1 in 3000 — with one request per 5 s
  // it was 0.51^6, 1 in 57.
  const Duration max_wait = config_.consent_interval / 2;
  Duration wait = consent_resend_wait_;
  if (!consent_resend_at_ && pair.round_trip_time) wait = std::max(wait, 2 * *pair.round_trip_time);
  wait = std::min(wait, max_wait);
  if (consent_resend_at_)
    LUCID_TRACE("ice", who_, "consent check ", pair.describe(), " sent again, as a new request (last answer ",
                ms(now - last_consent_), " ms ago; next in ", ms(wait), " ms if unanswered)");
  else
    LUCID_TRACE("ice", who_, "consent check ", pair.describe(), " sent (last answer ",
                ms(now - last_consent_), " ms ago, last datagram ", ms(now - last_received_),
                " ms ago)");
  consent_resend_at_ = now + wait;
  consent_resend_wait_ = std::min(2 * wait, max_wait);
  next_consent_ = now + consent_period();
}

bool Agent::Impl::handle_consent_response(const stun::Message& response, const SocketAddress& from,
                                          Timestamp now) {
  auto it =
      std::find_if(consent_requests_.begin(), consent_requests_.end(),
                   [&](const ConsentRequest& r) { return r.id == response.transaction_id(); });
  if (it == consent_requests_.end() || !selected_) return false;
  if (!stun::verify_integrity(response, stun::short_term_key(selected_->remote.pwd)) ||
      from != selected_->pair.remote.address ||
      response.message_class() != stun::MessageClass::SuccessResponse) {
    LUCID_TRACE("ice", who_, "ignored an answer to a consent check from ", from.to_string(),
                ": not a signed success from the selected pair");
    return true;
  }
  if (selected_->consent_expired)
    return true;  // consent, once lost, is not revived (RFC 7675 §5.1)
  LUCID_TRACE("ice", who_, "consent refreshed by ", from.to_string(), " (rtt ",
              ms(now - it->sent_at), " ms)");
  selected_->pair.round_trip_time = now - it->sent_at;
  last_consent_ = now;
  consent_requests_.erase(it);  // the others may still be answered late; each counts the same
  consent_resend_at_.reset();
  consent_resend_wait_ = config_.consent_rto;
  note_received(now);
  return true;
}

std::optional<Timestamp> Agent::Impl::consent_deadline() const {
  if (!selected_ || selected_->consent_expired || state_ == AgentState::Closed || !next_consent_)
    return std::nullopt;
  Timestamp t = next_consent_check();
  if (state_ != AgentState::Disconnected)
    t = std::min(t, last_received_ + config_.disconnected_timeout);
  return std::min(t, last_consent_ + config_.consent_timeout);
}

}  // namespace lucid::ice
