// turn::Client: what each answer (or the lack of one) means, one function per request.
//
// Common to all: 401 (the challenge) and 438 Stale Nonce are answered by sending the request
// again with the new NONCE under a new transaction id (RFC 8489 §9.2.5); a 401 after
// credentials were sent means they are wrong. Everything else is final for that request.
#include "turn/client.h"
#include "turn/trace_line.h"

namespace lucid::turn {

using detail::hex16;

namespace {

// "401 Unauthorized" from an error response, or what the timed-out transaction said.
struct Failure {
  std::uint16_t code = 0;
  std::string reason;
};
Failure failure_of(const stun::Message* response, const std::string& timeout) {
  if (response == nullptr) return {0, timeout};
  if (const auto* e = response->get<stun::ErrorCode>()) return {e->code, e->reason};
  return {0, "error response without ERROR-CODE"};
}
std::string describe(const Failure& f) {
  return f.code ? std::to_string(f.code) + " " + f.reason : f.reason;
}

}  // namespace

bool Client::retry_with_new_nonce(Pending& pending, const stun::Message& response, Timestamp now) {
  const auto* error = response.get<stun::ErrorCode>();
  if (error == nullptr ||
      (error->code != stun::error::kUnauthorized && error->code != stun::error::kStaleNonce))
    return false;
  if (!auth_.handle_error_response(response)) return false;
  if (error->code == stun::error::kStaleNonce)
    TURN_TRACE("438 Stale Nonce for ", stun::method_name(pending.request.method()),
               ": sending it again with the new nonce");
  // A new transaction id: this is a new request (RFC 8489 §9.2.5), with fresh credentials.
  stun::Message again(pending.request.method(), stun::MessageClass::Request,
                      stun::random_transaction_id(*random_));
  for (const stun::Attribute& a : pending.request.attributes()) again.add(a);
  start(pending.kind, std::move(again), now, pending.peer_ip, pending.peer, pending.channel);
  return true;
}

void Client::on_response(Pending pending, const stun::Message* response, Timestamp now) {
  std::string timeout;
  if (response == nullptr) {
    timeout = pending.transaction.error() ? pending.transaction.error()->what : "no response";
  } else if (response->message_class() == stun::MessageClass::ErrorResponse &&
             retry_with_new_nonce(pending, *response, now)) {
    return;
  }
  switch (pending.kind) {
    case Kind::Allocate: on_allocate(response, timeout, now); break;
    case Kind::Refresh: on_refresh(response, timeout, now); break;
    case Kind::Deallocate: on_deallocate(response); break;
    case Kind::CreatePermission: on_create_permission(pending, response, timeout, now); break;
    case Kind::ChannelBind: on_channel_bind(pending, response, timeout, now); break;
  }
}

void Client::schedule_refresh(std::uint32_t lifetime, Timestamp now) {
  const Duration life = std::chrono::seconds(lifetime);
  expires_at_ = now + life;
  // Refresh a margin before expiry; a lifetime no longer than the margin at its half.
  refresh_at_ = life > config_.refresh_margin ? expires_at_ - config_.refresh_margin
                                              : now + life / 2;
}

void Client::on_allocate(const stun::Message* response, const std::string& timeout,
                         Timestamp now) {
  if (state_ != State::Allocating) return;
  if (response == nullptr || response->message_class() != stun::MessageClass::SuccessResponse) {
    // RFC 8656 §7.4: 403, 437, 441, 486, 508, ... and a second 401 are final; so is no answer.
    const Failure f = failure_of(response, timeout);
    TURN_TRACE("allocation failed: ", describe(f));
    fail_allocation(f.code, f.reason);
    return;
  }
  // RFC 8656 §7.3: the success response carries XOR-RELAYED-ADDRESS, LIFETIME and
  // XOR-MAPPED-ADDRESS.
  const auto* relayed = response->get<stun::XorRelayedAddress>();
  if (relayed == nullptr) {
    TURN_TRACE("allocation failed: the success response has no XOR-RELAYED-ADDRESS");
    fail_allocation(0, "Allocate success response without XOR-RELAYED-ADDRESS");
    return;
  }
  relayed_ = relayed->address;
  if (const auto* mapped = response->get<stun::XorMappedAddress>()) mapped_ = mapped->address;
  std::uint32_t lifetime = 600;  // RFC 8656 §7.2's default, if the server does not say
  if (const auto* l = response->get<stun::Lifetime>())
    lifetime = l->seconds;
  else
    TURN_TRACE("the Allocate success response has no LIFETIME; assuming 600 s");
  schedule_refresh(lifetime, now);
  TURN_TRACE("allocated relay ", relayed_->to_string(), " for ", lifetime, " s",
             mapped_ ? " (the server sees us at " + mapped_->to_string() + ")" : std::string());
  set_state(State::Allocated, "relayed address " + relayed_->to_string());
  events_.push_back(AllocatedEvent{*relayed_, mapped_, lifetime});
  // What was asked for before the allocation existed goes out now.
  for (auto& [ip, p] : permissions_)
    if (!p.in_flight) send_create_permission(ip, now);
  for (auto& [peer, c] : channels_)
    if (!c.in_flight) send_channel_bind(peer, c, now);
}

void Client::on_refresh(const stun::Message* response, const std::string& timeout, Timestamp now) {
  refresh_in_flight_ = false;
  if (state_ != State::Allocated) return;
  if (response != nullptr && response->message_class() == stun::MessageClass::SuccessResponse) {
    const auto* l = response->get<stun::Lifetime>();
    const std::uint32_t lifetime = l ? l->seconds : 600;
    schedule_refresh(lifetime, now);
    TURN_TRACE("allocation refreshed for ", lifetime, " s; next refresh in ",
               to_ms(refresh_at_) - to_ms(now), " ms");
    return;
  }
  const Failure f = failure_of(response, timeout);
  if (f.code == stun::error::kAllocationMismatch) {
    // RFC 8656 §8: 437 — the server has no allocation for us any more.
    TURN_TRACE("refresh failed: ", describe(f), ": the server no longer has the allocation");
    fail_allocation(f.code, f.reason);
    return;
  }
  // Anything else: the allocation lives until it expires, so try again halfway there.
  refresh_at_ = now + (expires_at_ - now) / 2;
  TURN_TRACE("refresh failed: ", describe(f), "; trying again in ", to_ms(refresh_at_) - to_ms(now),
             " ms, before the allocation expires");
}

void Client::on_deallocate(const stun::Message* response) {
  if (response == nullptr)
    TURN_TRACE("no answer to the deallocating Refresh; the server lets the allocation expire");
  else if (response->message_class() == stun::MessageClass::SuccessResponse)
    TURN_TRACE("allocation deleted by the server (Refresh with LIFETIME 0 answered)");
  else
    TURN_TRACE("the deallocating Refresh was answered with ", describe(failure_of(response, {})),
               "; the allocation is gone either way");
  relayed_.reset();
  set_state(State::Closed, "deallocated");
  events_.push_back(ClosedEvent{});
}

void Client::on_create_permission(const Pending& pending, const stun::Message* response,
                                  const std::string& timeout, Timestamp now) {
  auto it = permissions_.find(pending.peer_ip);
  if (state_ != State::Allocated || it == permissions_.end()) return;
  Permission& p = it->second;
  p.in_flight = false;
  const std::string peer = pending.peer_ip.to_string();
  if (response != nullptr && response->message_class() == stun::MessageClass::SuccessResponse) {
    const bool first = !p.installed;
    p.installed = true;
    p.expires_at = now + kPermissionLifetime;
    p.refresh_at = now + config_.permission_refresh;
    TURN_TRACE("permission for ", peer, first ? " created" : " refreshed", " (", 
               std::chrono::duration_cast<std::chrono::seconds>(kPermissionLifetime).count(),
               " s)");
    if (first) events_.push_back(PermissionCreatedEvent{pending.peer_ip});
    return;
  }
  // RFC 8656 §10.3: 403 (a peer address the server forbids), 437, ... or no answer.
  const Failure f = failure_of(response, timeout);
  TURN_TRACE("permission for ", peer, " failed: ", describe(f));
  if (f.code == stun::error::kAllocationMismatch) {
    fail_allocation(f.code, f.reason);
    return;
  }
  if (!p.installed) {
    permissions_.erase(it);
  } else {
    // A refresh failed; it is still installed until it expires: try again halfway there.
    p.refresh_at = now + (p.expires_at - now) / 2;
  }
  events_.push_back(PermissionFailedEvent{pending.peer_ip, f.code, f.reason});
}

void Client::on_channel_bind(const Pending& pending, const stun::Message* response,
                             const std::string& timeout, Timestamp now) {
  auto it = channels_.find(pending.peer);
  if (state_ != State::Allocated || it == channels_.end()) return;
  Channel& c = it->second;
  c.in_flight = false;
  const std::string what = "channel " + hex16(c.number);
  if (response != nullptr && response->message_class() == stun::MessageClass::SuccessResponse) {
    const bool first = !c.bound;
    c.bound = true;
    c.expires_at = now + kChannelLifetime;
    c.refresh_at = now + config_.channel_refresh;
    TURN_TRACE(what, first ? " bound to " : " refreshed for ", pending.peer.to_string());
    // RFC 8656 §12.2: a ChannelBind installs or refreshes the permission for the peer's IP too.
    Permission& p = permissions_[pending.peer.ip];
    const bool new_permission = !p.installed;
    p.installed = true;
    p.expires_at = now + kPermissionLifetime;
    if (!p.in_flight) p.refresh_at = now + config_.permission_refresh;
    if (new_permission) events_.push_back(PermissionCreatedEvent{pending.peer.ip});
    if (first) events_.push_back(ChannelBoundEvent{c.number, pending.peer});
    return;
  }
  const Failure f = failure_of(response, timeout);
  TURN_TRACE(what, " to ", pending.peer.to_string(), " failed: ", describe(f));
  // RFC 8656 §12.2: a 400 here can mean the number or the peer is bound otherwise; the
  // allocation itself is fine, so only the channel is given up (data goes in Send indications).
  if (!c.bound) {
    channels_.erase(it);
  } else {
    c.refresh_at = now + (c.expires_at - now) / 2;
  }
  events_.push_back(ChannelBindFailedEvent{pending.channel, pending.peer, f.code, f.reason});
}

}  // namespace lucid::turn
