// Two PeerConnections in one thread on the simulated network (support/sim_network.h): the
// sans-IO shape at work. a is at 10.0.0.1:5000, b at 10.0.0.2:6000. By default the wire hands
// every datagram over at once; a test that wants a real path sets `net.everywhere` (delay,
// jitter, loss, ...). Time jumps straight to the next arrival or the next timeout either side
// asks for, and the network's clock is also the fake gettimeofday() of binaries that link it.
//
// A test reads as a story: set up the wire, offer and answer, then run_until() what a user would
// see; run_until() is a loop of progress() steps (str0m's `progress(l, r)`). It needs no test
// framework, so bench/ programs use it too.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/random.h"
#include "peer/peer_connection.h"
#include "support/sim_network.h"

namespace lucid::testing {

inline PeerConnectionConfiguration named(std::string name) {
  PeerConnectionConfiguration c;
  c.name = std::move(name);
  return c;
}

// How many events of type `Event` (DataChannelOpenEvent, ...) a log holds for `channel`.
template <typename Event>
int count_of(const std::vector<PeerConnectionEvent>& log, const DataChannel* channel) {
  int n = 0;
  for (const auto& e : log)
    if (auto* x = std::get_if<Event>(&e); x && x->channel.get() == channel) ++n;
  return n;
}

struct TwoPeers {
  SeededRandom random_a{1}, random_b{2};
  // usrsctp's one clock serves every association in the process and does not go back, so a run
  // starts where the last one stopped (SimClock::after_last_run).
  test::SimNetwork net;
  PeerConnection a, b;
  SocketAddress address_a = *SocketAddress::parse("10.0.0.1:5000");
  SocketAddress address_b = *SocketAddress::parse("10.0.0.2:6000");
  std::vector<PeerConnectionEvent> events_a, events_b;
  // When set, a's and b's local candidates are passed to the other side as they appear.
  bool trickle = false;
  // When set, called with each event as it is polled, before the next one: what a browser's
  // event handler would do, such as closing a channel on "datachannel".
  std::function<void(PeerConnection& from, const PeerConnectionEvent&)> on_event;

  TwoPeers() : TwoPeers(named("a"), named("b")) {}
  // `seed` names the network's random choices (loss, jitter, ...), if the test asks for any.
  TwoPeers(PeerConnectionConfiguration config_a, PeerConnectionConfiguration config_b,
           std::uint64_t seed = 1, test::SimClock clock = test::SimClock::after_last_run())
      : net(seed, clock), a(std::move(config_a), random_a), b(std::move(config_b), random_b) {
    net.add_host(address_a.ip);
    net.add_host(address_b.ip);
    net.everywhere.delay = Duration(0);
    a.add_local_address(address_a);
    b.add_local_address(address_b);
  }

  Timestamp now() const { return net.now(); }

  // Non-trickle offer/answer, the tutorial's way: a's offer goes over once a has gathered every
  // candidate, b's answer once b has. `edit_answer`, when given, changes b's answer on the way.
  // false if a step failed (gathering did not complete, or a description was refused).
  bool exchange_descriptions(const std::function<void(SessionDescription&)>& edit_answer = {}) {
    const auto gathered = [](const PeerConnection& pc) {
      return pc.ice_gathering_state() == IceGatheringState::Complete;
    };
    a.set_local_description(a.create_offer(), now());
    if (!run_until([&] { return gathered(a); })) return false;
    if (!b.set_remote_description(*a.local_description(), now()).ok()) return false;
    b.set_local_description(b.create_answer(), now());
    if (!run_until([&] { return gathered(b); })) return false;
    SessionDescription answer = *b.local_description();
    if (edit_answer) edit_answer(answer);
    return a.set_remote_description(answer, now()).ok();
  }

  // Moves datagrams and events until nothing is left to do at this instant.
  void settle() {
    for (bool moved = true; moved;) {
      moved = false;
      moved |= pump(a, events_a, b, trickled_to_b);
      moved |= pump(b, events_b, a, trickled_to_a);
      while (auto d = net.pop_arrival()) {
        (d->to == address_a ? a : b).handle_input(Datagram{d->to, d->from, std::move(d->data)}, now());
        moved = true;
      }
    }
  }

  // One step: time moves to the next arrival or timeout, both sides handle it, all settles.
  // false when nothing is left to happen.
  bool progress() {
    std::optional<Timestamp> next = net.next_arrival();
    for (PeerConnection* pc : {&a, &b})
      if (auto t = pc->poll_timeout(); t && (!next || *t < *next)) next = t;
    if (!next) return false;
    net.advance_to(*next);
    a.handle_timeout(now());
    b.handle_timeout(now());
    settle();
    return true;
  }

  // Runs until `done` or `limit` of fake time has passed; returns done().
  bool run_until(const std::function<bool()>& done, Duration limit = std::chrono::seconds(30)) {
    const Timestamp end = now() + limit;
    settle();
    while (!done() && now() < end && progress()) {
    }
    return done();
  }

 private:
  // Trickled candidates wait here until the receiving side has a remote description, as a
  // signalling channel would hold them (addIceCandidate before that is an InvalidStateError).
  std::vector<IceCandidateInit> trickled_to_a, trickled_to_b;

  bool pump(PeerConnection& from, std::vector<PeerConnectionEvent>& log, PeerConnection& to,
            std::vector<IceCandidateInit>& trickled) {
    bool moved = false;
    while (auto t = from.poll_transmit()) {
      moved = true;
      net.send(t->local, t->remote, std::move(t->data));
    }
    while (auto e = from.poll_event()) {
      moved = true;
      if (auto* c = std::get_if<IceCandidateEvent>(&*e); c && trickle)
        trickled.push_back(c->candidate ? *c->candidate : IceCandidateInit{});  // {} = end
      log.push_back(*e);
      if (on_event) on_event(from, *e);
    }
    if (to.remote_description()) {
      for (const auto& c : trickled) {
        const Status added = to.add_ice_candidate(c, now());
        // An exception fails the Catch test it happens in (and stops a bench).
        if (!added.ok())
          throw std::runtime_error("add_ice_candidate: " + added.error().message());
      }
      moved |= !trickled.empty();
      trickled.clear();
    }
    return moved;
  }
};

}  // namespace lucid::testing
