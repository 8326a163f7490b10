// Two dtls::Transports on the simulated network (support/sim_network.h): the client "a" at
// 192.0.2.1:5000 and the server "b" at 192.0.2.2:5000, 10 ms apart by default.
//
// run_until() is the sans-IO loop: move the clock to the next arrival or the next timeout either
// transport asked for, deliver, fire what is due, drain both transports' output into the network.
// The network's clock is also the fake gettimeofday() that OpenSSL's timers read.
#pragma once

#include <functional>
#include <variant>
#include <vector>

#include "common/time.h"
#include "dtls/transport.h"
#include "support/sim_network.h"

namespace lucid::test {

struct Side {
  dtls::Transport* transport;
  SocketAddress address;
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

class TwoTransports {
 public:
  // `seed` names the network's random choices (loss, jitter, ...), if the test asks for any.
  TwoTransports(dtls::Transport& a, dtls::Transport& b, std::uint64_t seed = 1)
      : net(seed),
        a_{&a, *SocketAddress::parse("192.0.2.1:5000"), {}, {}},
        b_{&b, *SocketAddress::parse("192.0.2.2:5000"), {}, {}} {
    net.add_host(a_.address.ip);
    net.add_host(b_.address.ip);
    net.everywhere.delay = std::chrono::milliseconds(10);
  }

  SimNetwork net;

  Side& a() { return a_; }
  Side& b() { return b_; }
  Timestamp now() const { return net.now(); }

  void start() {
    a_.transport->start(now());
    b_.transport->start(now());
    collect();
  }

  // Moves time forward until `done()` holds or nothing is left to happen or `limit` passes.
  void run_until(const std::function<bool()>& done, Duration limit = std::chrono::seconds(600)) {
    const Timestamp end = now() + limit;
    while (!done() && now() < end) {
      std::optional<Timestamp> next = net.next_arrival();
      for (Side* s : {&a_, &b_})
        if (auto t = s->transport->poll_timeout(); t && (!next || *t < *next)) next = t;
      if (!next) return;
      net.advance_to(*next);
      while (auto d = net.pop_arrival()) side_at(d->to).transport->handle_input(d->data, now());
      for (Side* s : {&a_, &b_})
        if (auto t = s->transport->poll_timeout(); t && *t <= now())
          s->transport->handle_timeout(now());
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
    (to == 0 ? a_ : b_).transport->handle_input(datagram, now());
    collect();
  }

  // Drains both sides' output into the network, and their events into their logs.
  void collect() {
    for (bool more = true; more;) {
      more = false;
      for (Side* s : {&a_, &b_}) {
        const Side& other = s == &a_ ? b_ : a_;
        while (auto d = s->transport->poll_transmit()) {
          s->sent.push_back(*d);
          net.send(s->address, other.address, std::move(*d));
          more = true;
        }
        while (auto e = s->transport->poll_event()) s->events.push_back(std::move(*e));
      }
    }
  }

 private:
  Side& side_at(const SocketAddress& address) { return address == a_.address ? a_ : b_; }

  Side a_;
  Side b_;
};

}  // namespace lucid::test
