// One connection set up over a lossy path, as a user would watch it: two PeerConnections on the
// simulated network (two_peers.h), 20 ms each way (40 ms RTT) and the same share of datagrams
// lost each way, a data channel made by a before the offer. It runs until the channel is open on
// both sides ("came up") or `limit` of simulated time has passed, and watches the states all the
// way: once a connection says "failed", none of its channels may be (or become) "open".
//
// Used by the regression tests (setup_under_loss_test.cpp) and by bench/setup_under_loss, which
// runs it for many seeds and prints what it sees.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "peer/peer_connection.h"
#include "two_peers.h"

namespace lucid::testing {

struct SetupOutcome {
  // The channel was open on both sides, after this long from createOffer (simulated time).
  std::optional<Duration> came_up_after;
  // Where the time went: ICE had a pair selected on both sides, DTLS was connected on both.
  std::optional<Duration> ice_after, dtls_after;
  // The states when the run ended (at came_up_after, or at the limit).
  PeerConnectionState state_a = PeerConnectionState::New, state_b = PeerConnectionState::New;
  IceConnectionState ice_a = IceConnectionState::New, ice_b = IceConnectionState::New;
  // Each way the states contradicted each other, once, with when it was first seen: a
  // connection "failed" while one of its channels was not closed, or a channel that opened
  // after its connection had failed. Empty in a sound run.
  std::vector<std::string> contradictions;
};

// What contradicts "failed" in one connection now: its channels not closed, an open after it.
inline std::vector<std::string> contradictions_of(
    const char* who, const PeerConnection& pc, const std::vector<PeerConnectionEvent>& log,
    const std::vector<std::shared_ptr<DataChannel>>& channels) {
  std::vector<std::string> found;
  if (pc.connection_state() != PeerConnectionState::Failed) return found;
  for (const auto& channel : channels)
    if (channel->ready_state() != DataChannelState::Closed)
      found.push_back(std::string(who) + ": connection failed but channel \"" + channel->label() +
                      "\" is " + to_string(channel->ready_state()));
  bool failed = false;
  for (const auto& e : log) {
    if (auto* s = std::get_if<ConnectionStateChangeEvent>(&e))
      failed = s->state == PeerConnectionState::Failed;
    else if (failed && (std::holds_alternative<DataChannelOpenEvent>(e) ||
                        std::holds_alternative<DataChannelEvent>(e)))
      found.push_back(std::string(who) + ": a channel opened after the connection failed");
  }
  return found;
}

inline SetupOutcome set_up_under_loss(double loss, std::uint64_t seed,
                                      Duration limit = std::chrono::seconds(30)) {
  TwoPeers p(named("a"), named("b"), seed);
  test::Impairment path;
  path.delay = std::chrono::milliseconds(20);
  path.loss = loss;
  p.net.everywhere = path;
  const Timestamp start = p.now();

  std::vector<std::shared_ptr<DataChannel>> at_a{p.a.create_data_channel("chat")}, at_b;
  p.on_event = [&](PeerConnection& from, const PeerConnectionEvent& e) {
    if (auto* d = std::get_if<DataChannelEvent>(&e); d && &from == &p.b) at_b.push_back(d->channel);
  };
  SetupOutcome out;
  std::set<std::string> seen;
  const auto open = [](const std::vector<std::shared_ptr<DataChannel>>& channels) {
    return !channels.empty() && channels.front()->ready_state() == DataChannelState::Open;
  };
  // Called after every step of the run: the states are watched all the way, not only at the end.
  const auto came_up = [&] {
    const auto ice_up = [](const PeerConnection& pc) {
      return pc.ice_agent()->selected_pair() != nullptr;
    };
    const auto dtls_up = [](const PeerConnection& pc) {
      return pc.dtls_transport() && pc.dtls_transport()->state() == dtls::State::Connected;
    };
    if (!out.ice_after && ice_up(p.a) && ice_up(p.b)) out.ice_after = p.now() - start;
    if (!out.dtls_after && dtls_up(p.a) && dtls_up(p.b)) out.dtls_after = p.now() - start;
    auto found = contradictions_of("a", p.a, p.events_a, at_a);
    for (auto& f : contradictions_of("b", p.b, p.events_b, at_b)) found.push_back(std::move(f));
    for (auto& f : found)
      if (seen.insert(f).second)
        out.contradictions.push_back(f + " (first seen at " +
                                     std::to_string(to_ms(p.now()) - to_ms(start)) + " ms)");
    return open(at_a) && open(at_b);
  };
  // Non-trickle offer/answer: the descriptions go over by signalling, which loses nothing; the
  // datagrams take the lossy path from the first STUN check on.
  if (p.exchange_descriptions()) p.run_until(came_up, limit - (p.now() - start));
  if (came_up()) out.came_up_after = p.now() - start;
  out.state_a = p.a.connection_state();
  out.state_b = p.b.connection_state();
  out.ice_a = p.a.ice_connection_state();
  out.ice_b = p.b.ice_connection_state();
  return out;
}

}  // namespace lucid::testing
