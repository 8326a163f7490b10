// Two dtls::Transports joined by an in-memory network with a fake clock.
//
// Datagrams take `latency` to arrive; `drop` decides, per datagram, whether the network loses it
// (a SeededRandom makes loss reproducible). run_until() moves the clock from event to event:
// the next arrival or the next timeout either transport asked for.
#pragma once

#include <functional>
#include <vector>

#include "common/random.h"
#include "common/time.h"
#include "dtls/transport.h"
#include "support/fake_wall_clock.h"

namespace lucid::test {

struct Side {
  dtls::Transport* transport;
  std::vector<dtls::TransportEvent> events;
  std::vector<Bytes> sent;  // every datagram this side transmitted (whether or not it arrived)

  bool connected() const { return has<dtls::Connected>(); }
  bool failed() const { return has<dtls::Failed>(); }
  template <typename E>
  bool has() const {
    for (const auto& e : events)
      if (std::holds_alternative<E>(e)) return true;
    return false;
  }
  template <typename E>
  const E* first() const {
    for (const auto& e : events)
      if (const auto* p = std::get_if<E>(&e)) return p;
    return nullptr;
  }
  std::vector<Bytes> received_data() const {
    std::vector<Bytes> out;
    for (const auto& e : events)
      if (const auto* d = std::get_if<dtls::ApplicationData>(&e)) out.push_back(d->data);
    return out;
  }
};

class MemoryLink {
 public:
  MemoryLink(dtls::Transport& a, dtls::Transport& b) : a_{&a, {}, {}}, b_{&b, {}, {}} {}

  Side& a() { return a_; }
  Side& b() { return b_; }
  Timestamp now() const { return now_; }

  // Whether the network loses this datagram (from == 0: a->b, 1: b->a). Default: never.
  std::function<bool(int from, const Bytes&)> drop = [](int, const Bytes&) { return false; };
  Duration latency = std::chrono::milliseconds(10);
  std::size_t dropped = 0;

  void start() {
    set_wall_clock(now_);
    a_.transport->start(now_);
    b_.transport->start(now_);
    collect();
  }

  // Moves time forward until `done()` holds or nothing is left to happen or `limit` passes.
  void run_until(const std::function<bool()>& done, Duration limit = std::chrono::seconds(600)) {
    const Timestamp end = now_ + limit;
    while (!done() && now_ < end) {
      std::optional<Timestamp> next;
      auto consider = [&next](std::optional<Timestamp> t) {
        if (t && (!next || *t < *next)) next = t;
      };
      for (const auto& d : in_flight_) consider(d.arrives);
      consider(a_.transport->poll_timeout());
      consider(b_.transport->poll_timeout());
      if (!next) return;
      now_ = std::max(now_, *next);
      set_wall_clock(now_);
      deliver_due();
      for (Side* s : {&a_, &b_}) {
        const auto t = s->transport->poll_timeout();
        if (t && *t <= now_) s->transport->handle_timeout(now_);
      }
      collect();
    }
  }

  void run_until_both_connected() {
    run_until(
        [this] { return (a_.connected() || a_.failed()) && (b_.connected() || b_.failed()); });
  }
  // Lets everything in flight arrive and every timer that is due fire.
  void settle(Duration d = std::chrono::seconds(5)) {
    run_until([] { return false; }, d);
  }

  // Delivers `datagram` to side `to` (0 = a, 1 = b) now, as if it came off the network.
  void inject(int to, const Bytes& datagram) {
    set_wall_clock(now_);
    (to == 0 ? a_ : b_).transport->handle_input(datagram, now_);
    collect();
  }

  // Drains both sides' output and events.
  void collect() {
    bool more = true;
    while (more) {
      more = false;
      for (int from = 0; from < 2; ++from) {
        Side& s = from == 0 ? a_ : b_;
        while (auto d = s.transport->poll_transmit()) {
          s.sent.push_back(*d);
          if (drop(from, *d))
            ++dropped;
          else
            in_flight_.push_back({now_ + latency, 1 - from, std::move(*d)});
          more = true;
        }
        while (auto e = s.transport->poll_event()) s.events.push_back(std::move(*e));
      }
    }
  }

 private:
  struct InFlight {
    Timestamp arrives;
    int to;
    Bytes datagram;
  };

  void deliver_due() {
    std::vector<InFlight> due;
    std::vector<InFlight> later;
    for (auto& d : in_flight_) (d.arrives <= now_ ? due : later).push_back(std::move(d));
    in_flight_ = std::move(later);
    for (const auto& d : due) (d.to == 0 ? a_ : b_).transport->handle_input(d.datagram, now_);
  }

  Side a_;
  Side b_;
  Timestamp now_ = at_ms(0);
  std::vector<InFlight> in_flight_;
};

}  // namespace lucid::test
