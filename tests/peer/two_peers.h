// Two PeerConnections in one thread with a fake clock and an in-memory network: the sans-IO
// shape at work. Every datagram one side sends to the other's address is handed over at once;
// time jumps straight to the next timeout either side asks for.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/random.h"
#include "peer/peer_connection.h"

namespace lucid::testing {

inline PeerConnectionConfiguration named(std::string name) {
  PeerConnectionConfiguration c;
  c.name = std::move(name);
  return c;
}

struct TwoPeers {
  SeededRandom random_a{1}, random_b{2};
  PeerConnection a, b;
  SocketAddress address_a = *SocketAddress::parse("10.0.0.1:5000");
  SocketAddress address_b = *SocketAddress::parse("10.0.0.2:6000");
  Timestamp now = at_ms(0);
  std::vector<PeerConnectionEvent> events_a, events_b;
  // When set, a's and b's local candidates are passed to the other side as they appear.
  bool trickle = false;
  std::size_t delivered = 0;
  // When set, a datagram for which it returns true is lost on the way (a lossy network).
  std::function<bool(BytesView)> lose;
  std::size_t lost = 0;
  // Called whenever `now` moves on: a test binary that fakes gettimeofday() (which OpenSSL's
  // and usrsctp's timers also read, tests/dtls/fake_wall_clock.h) moves it here.
  std::function<void(Timestamp)> clock_moved;
  // When set, called with each event as it is polled, before the next one: what a browser's
  // event handler would do, such as closing a channel on "datachannel".
  std::function<void(PeerConnection& from, const PeerConnectionEvent&)> on_event;

  TwoPeers() : TwoPeers(named("a"), named("b")) {}
  TwoPeers(PeerConnectionConfiguration config_a, PeerConnectionConfiguration config_b)
      : a(std::move(config_a), random_a), b(std::move(config_b), random_b) {
    a.add_local_address(address_a);
    b.add_local_address(address_b);
  }

  // Non-trickle offer/answer, the tutorial's way: a's offer goes over once a has gathered every
  // candidate, b's answer once b has. `edit_answer`, when given, changes b's answer on the way.
  // false if a step failed (gathering did not complete, or a description was refused).
  bool exchange_descriptions(const std::function<void(SessionDescription&)>& edit_answer = {}) {
    const auto gathered = [](const PeerConnection& pc) {
      return pc.ice_gathering_state() == IceGatheringState::Complete;
    };
    a.set_local_description(a.create_offer(), now);
    if (!run_until([&] { return gathered(a); })) return false;
    if (!b.set_remote_description(*a.local_description(), now).ok()) return false;
    b.set_local_description(b.create_answer(), now);
    if (!run_until([&] { return gathered(b); })) return false;
    SessionDescription answer = *b.local_description();
    if (edit_answer) edit_answer(answer);
    return a.set_remote_description(answer, now).ok();
  }

  // Moves datagrams and events until nothing is left to do at this instant.
  void settle() {
    for (bool moved = true; moved;) {
      moved = false;
      moved |= pump(a, b, address_b, events_a, trickled_to_b);
      moved |= pump(b, a, address_a, events_b, trickled_to_a);
    }
  }

  // Runs until `done` or `limit` of fake time has passed; returns done().
  bool run_until(const std::function<bool()>& done, Duration limit = std::chrono::seconds(30)) {
    const Timestamp end = now + limit;
    settle();
    while (!done() && now < end) {
      auto next = earliest(a.poll_timeout(), b.poll_timeout());
      if (!next) return done();
      now = std::max(now, *next);
      if (clock_moved) clock_moved(now);
      a.handle_timeout(now);
      b.handle_timeout(now);
      settle();
    }
    return done();
  }

 private:
  static std::optional<Timestamp> earliest(std::optional<Timestamp> x, std::optional<Timestamp> y) {
    if (!x) return y;
    if (!y) return x;
    return std::min(*x, *y);
  }

  // Trickled candidates wait here until the receiving side has a remote description, as a
  // signalling channel would hold them (addIceCandidate before that is an InvalidStateError).
  std::vector<IceCandidateInit> trickled_to_a, trickled_to_b;

  bool pump(PeerConnection& from, PeerConnection& to, const SocketAddress& to_address,
            std::vector<PeerConnectionEvent>& log, std::vector<IceCandidateInit>& trickled) {
    bool moved = false;
    while (auto t = from.poll_transmit()) {
      moved = true;
      if (t->remote == to_address) {
        if (lose && lose(t->data)) {
          ++lost;
          continue;
        }
        ++delivered;
        // What left `from`'s socket arrives on `to`'s: the two ends swap places.
        to.handle_input(Datagram{t->remote, t->local, std::move(t->data)}, now);
      }
    }
    while (auto e = from.poll_event()) {
      moved = true;
      if (auto* c = std::get_if<IceCandidateEvent>(&*e); c && trickle)
        trickled.push_back(c->candidate ? *c->candidate : IceCandidateInit{});  // {} = end
      log.push_back(*e);
      if (on_event) on_event(from, *e);
    }
    if (to.remote_description()) {
      for (const auto& c : trickled) REQUIRE(to.add_ice_candidate(c, now).ok());
      moved |= !trickled.empty();
      trickled.clear();
    }
    return moved;
  }
};

}  // namespace lucid::testing
