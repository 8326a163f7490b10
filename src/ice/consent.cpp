// Consent freshness (RFC 7675): a peer that stops answering has withdrawn its consent to
// receive, and we must stop sending to it. The checks double as ICE keepalives (RFC 8445 §11).
#include <algorithm>

#include "common/trace.h"
#include "ice/agent_impl.h"
#include "stun/credentials.h"
#include "stun/integrity.h"

namespace lucid::ice {

namespace {
// RFC 7675 §5.1: remember a few outstanding requests; a late answer to any of them counts.
constexpr std::size_t kRememberedConsentRequests = 8;
}  // namespace

void Agent::Impl::start_consent(Timestamp now) {
  last_consent_ = now;  // the nomination check just succeeded: that is a fresh consent
  consent_requests_.clear();
  // RFC 7675 §5.1: every interval randomized between 0.8 and 1.2 times 5 s, so that many
  // flows do not synchronise.
  next_consent_ =
      now + config_.consent_interval * static_cast<Duration::rep>(random_.uniform(80, 120)) / 100;
}

void Agent::Impl::consent_timers(Timestamp now) {
  if (!selected_ || selected_->consent_expired || state_ == AgentState::Closed) return;
  const CandidatePair& pair = selected_->pair;
  if (now - last_consent_ >= config_.consent_timeout) {
    // RFC 7675 §5.1: consent expired; stop sending (send() refuses from now on).
    next_consent_.reset();
    selected_->consent_expired = true;
    set_state(AgentState::Failed,
              trace::concat(
                  "consent lost: no answer from ", pair.remote.address.to_string(), " for ",
                  std::chrono::duration_cast<std::chrono::seconds>(config_.consent_timeout).count(),
                  " s; stopped sending"));
    return;
  }
  if (!next_consent_ || now < *next_consent_) return;
  const auto local_preference = static_cast<std::uint16_t>((pair.local.priority >> 8) & 0xffff);
  stun::Message request = build_binding_request(
      selected_->local, selected_->remote,
      candidate_priority(CandidateType::PeerReflexive, local_preference, 1), false);
  stun::EncodeOptions options;
  options.integrity_key = stun::short_term_key(selected_->remote.pwd);
  options.fingerprint = true;
  transmit(pair.local.base, pair.remote.address, stun::encode(request, options));
  consent_requests_.push_back(ConsentRequest{request.transaction_id(), now});
  if (consent_requests_.size() > kRememberedConsentRequests) consent_requests_.pop_front();
  LUCID_TRACE("ice", who_, "consent check ", pair.describe(), " sent (last answer ",
              std::chrono::duration_cast<std::chrono::milliseconds>(now - last_consent_).count(),
              " ms ago)");
  next_consent_ =
      now + config_.consent_interval * static_cast<Duration::rep>(random_.uniform(80, 120)) / 100;
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
              std::chrono::duration_cast<std::chrono::milliseconds>(now - it->sent_at).count(),
              " ms)");
  last_consent_ = now;
  consent_requests_.erase(it);
  return true;
}

std::optional<Timestamp> Agent::Impl::consent_deadline() const {
  if (!selected_ || selected_->consent_expired || state_ == AgentState::Closed) return std::nullopt;
  std::optional<Timestamp> t = next_consent_;
  auto consider = [&t](Timestamp c) {
    if (!t || c < *t) t = c;
  };
  if (state_ != AgentState::Disconnected) consider(last_consent_ + config_.disconnected_timeout);
  consider(last_consent_ + config_.consent_timeout);
  return t;
}

}  // namespace lucid::ice
