// Gathering local candidates (RFC 8445 §5.1.1): host candidates from the interface addresses the
// caller bound, server-reflexive candidates by asking STUN servers from each host base.
#include <algorithm>

#include "common/trace.h"
#include "ice/agent_impl.h"
#include "stun/attributes.h"

namespace lucid::ice {

void Agent::Impl::add_interface(const SocketAddress& address, Timestamp now) {
  for (const auto& i : interfaces_)
    if (i.address == address) return;
  // RFC 8445 §5.1.2.1: the local preference ranks our own interfaces; 65535 for the first one
  // the caller names, one less for each next (the caller lists its preferred interface first).
  const auto preference =
      static_cast<std::uint16_t>(65535 - std::min<std::size_t>(interfaces_.size(), 65535));
  interfaces_.push_back(Interface{address, preference});
  if (gathering_state_ != GatheringState::New) {
    // Gathering already ran: this interface is trickled (RFC 8838 §4).
    gathering_state_ = GatheringState::Gathering;
    emit(GatheringStateEvent{gathering_state_});
    gather_on(address, preference);
  }
  (void)now;
}

void Agent::Impl::start_gathering(Timestamp now) {
  if (gathering_state_ != GatheringState::New) return;
  gathering_state_ = GatheringState::Gathering;
  emit(GatheringStateEvent{gathering_state_});
  LUCID_TRACE("ice", who_, "gathering candidates on ", interfaces_.size(),
              " interface address(es) with ", config_.stun_servers.size(), " STUN server(s)");
  for (const auto& i : interfaces_) gather_on(i.address, i.local_preference);
  (void)now;
}

void Agent::Impl::add_local_candidate(Candidate candidate) {
  LUCID_TRACE("ice", who_, "local candidate ", candidate.describe(), " priority ",
              candidate.priority);
  local_candidates_.push_back(candidate);
  emit(LocalCandidateEvent{candidate});
}

void Agent::Impl::gather_on(const SocketAddress& base, std::uint16_t local_preference) {
  // RFC 8445 §5.1.1.1: every interface address is a host candidate.
  Candidate host = make_host_candidate(base, local_preference);
  add_local_candidate(host);
  if (!nominated_in_this_generation()) pair_local(host);
  // §5.1.1.2: ask each STUN server of the same address family what address it sees.
  for (const auto& server : config_.stun_servers)
    if (server.ip.family() == base.ip.family())
      gathers_.push_back(GatherRequest{base, server, local_preference, std::nullopt});
}

bool Agent::Impl::start_next_gather(Timestamp now) {
  for (auto& g : gathers_) {
    if (g.transaction) continue;
    stun::Message request = stun::Message::request(stun::Method::Binding, random_);
    stun::EncodeOptions options;
    options.fingerprint = true;
    stun::TransactionConfig tc;
    tc.rc = config_.max_gather_retransmissions + 1;
    tc.rm = 4;
    g.transaction.emplace(stun::encode(request, options), request.transaction_id(), now, tc);
    LUCID_TRACE("ice", who_, "asking STUN server ", g.server.to_string(), " from ",
                g.base.to_string(), " which address it sees (Binding request ",
                stun::to_hex(request.transaction_id()), ")");
    return true;
  }
  return false;
}

bool Agent::Impl::handle_gather_response(const stun::Message& response, const SocketAddress& from,
                                         Timestamp now) {
  auto it = std::find_if(gathers_.begin(), gathers_.end(), [&](const GatherRequest& g) {
    return g.transaction && g.transaction->id() == response.transaction_id();
  });
  if (it == gathers_.end()) return false;
  if (from != it->server) {
    LUCID_TRACE("ice", who_, "ignored a Binding response from ", from.to_string(),
                " that claims to come from STUN server ", it->server.to_string());
    return true;
  }
  it->transaction->handle_response(response, now);
  const GatherRequest g = std::move(*it);
  gathers_.erase(it);
  if (response.message_class() != stun::MessageClass::SuccessResponse) {
    const auto* error = response.get<stun::ErrorCode>();
    LUCID_TRACE("ice", who_, "STUN server ", g.server.to_string(), " refused: ",
                error ? std::to_string(error->code) + " " + error->reason
                      : std::string("error without ERROR-CODE"));
    return true;
  }
  std::optional<SocketAddress> mapped;
  if (const auto* x = response.get<stun::XorMappedAddress>())
    mapped = x->address;
  else if (const auto* m = response.get<stun::MappedAddress>())
    mapped = m->address;  // RFC 8489 §14.1: old servers send MAPPED-ADDRESS only
  if (!mapped) {
    LUCID_TRACE("ice", who_, "STUN server ", g.server.to_string(), " answered without an address");
    return true;
  }
  // RFC 8445 §5.1.3: a server-reflexive candidate equal to its base (no NAT in between), or to
  // one we already have from the same base, is redundant.
  for (const auto& c : local_candidates_) {
    if (c.address == *mapped && c.base == g.base) {
      LUCID_TRACE("ice", who_, "STUN server ", g.server.to_string(), " sees ", g.base.to_string(),
                  " as ", mapped->to_string(),
                  ", which is already a candidate (no NAT, or another server saw the same)");
      return true;
    }
  }
  // Not paired: its base is a host candidate that already is (§6.1.2.4). The peer needs it,
  // though: its checks to this address are what open our NAT's mapping.
  add_local_candidate(
      make_server_reflexive_candidate(*mapped, g.base, g.server.ip, g.local_preference));
  return true;
}

void Agent::Impl::gather_timeouts(Timestamp now) {
  (void)now;
  std::erase_if(gathers_, [this](const GatherRequest& g) {
    if (!g.transaction || g.transaction->state() != stun::ClientTransaction::State::TimedOut)
      return false;
    LUCID_TRACE("ice", who_, "STUN server ", g.server.to_string(), " did not answer from ",
                g.base.to_string(), " (",
                g.transaction->error() ? g.transaction->error()->message() : "timed out",
                "); no server-reflexive candidate from it");
    return true;
  });
}

void Agent::Impl::check_gathering_complete() {
  if (gathering_state_ != GatheringState::Gathering || !gathers_.empty()) return;
  gathering_state_ = GatheringState::Complete;
  LUCID_TRACE("ice", who_, "gathering complete: ", local_candidates_.size(), " local candidate(s)");
  emit(GatheringStateEvent{gathering_state_});
}

}  // namespace lucid::ice
