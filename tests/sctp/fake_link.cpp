#include "fake_link.h"

#include <algorithm>
#include <atomic>

#include "support/fake_wall_clock.h"

namespace lucid::sctp::test {
namespace {

bool chance(Random& random, double probability) {
  if (probability <= 0.0) return false;
  return static_cast<double>(random.uniform(0, 999'999)) < probability * 1'000'000.0;
}

// usrsctp reads gettimeofday() as well as lucid's `now`: for RTT samples, and to choose which
// chunks a T3-rtx timeout retransmits (only those sent more than one RTO ago by that clock). The
// test binary's gettimeofday follows the fake clock (tests/support/fake_wall_clock.h). All links of
// the process share one fake time line that never goes back: a new link starts where the last
// one stopped, and with links in several threads the wall clock follows the one furthest ahead.
std::atomic<Timestamp::rep> latest{0};

Timestamp start_time() {
  return std::max(at_ms(1'000), Timestamp(Duration(latest.load())));
}

void move_wall_clock(Timestamp now) {
  Timestamp::rep seen = latest.load();
  while (seen < now.time_since_epoch().count() &&
         !latest.compare_exchange_weak(seen, now.time_since_epoch().count())) {
  }
  lucid::test::set_wall_clock(Timestamp(Duration(std::max(seen, now.time_since_epoch().count()))));
}

}  // namespace

AssociationConfig FakeLink::client_config() {
  AssociationConfig c;
  c.role = Role::client;
  c.remote_max_message_size = 262144;
  return c;
}

AssociationConfig FakeLink::server_config() {
  AssociationConfig c;
  c.role = Role::server;
  c.remote_max_message_size = 262144;
  return c;
}

FakeLink::FakeLink(LinkOptions options, AssociationConfig client, AssociationConfig server)
    : options_(options), random_(options.seed), now_(start_time()) {
  move_wall_clock(now_);
  client_.association = std::make_unique<Association>(client, now_);
  server_.association = std::make_unique<Association>(server, now_);
}

void FakeLink::collect(Side& from, bool to_server) {
  while (auto packet = from.association->poll_transmit()) {
    ++packets_sent_;
    if (chance(random_, options_.loss)) {
      ++packets_dropped_;
      continue;
    }
    Duration delay = options_.delay;
    if (chance(random_, options_.reorder))
      delay += Duration(random_.uniform(1, 3 * static_cast<std::uint64_t>(options_.delay.count())));
    if (chance(random_, options_.duplicate))
      in_flight_.push_back(InFlight{now_ + delay + options_.delay, order_++, to_server, *packet});
    in_flight_.push_back(InFlight{now_ + delay, order_++, to_server, std::move(*packet)});
  }
  while (auto event = from.association->poll_event()) from.events.push_back(std::move(*event));
}

void FakeLink::step() {
  collect(client_, true);
  collect(server_, false);

  Timestamp next = now_ + std::chrono::seconds(1);
  for (const auto& p : in_flight_) next = std::min(next, p.at);
  for (Side* side : {&client_, &server_})
    if (auto t = side->association->poll_timeout()) next = std::min(next, *t);
  now_ = std::max(now_, next);
  move_wall_clock(now_);

  // Deliver what is due, earliest first.
  std::sort(in_flight_.begin(), in_flight_.end(), [](const InFlight& a, const InFlight& b) {
    return a.at != b.at ? a.at < b.at : a.order < b.order;
  });
  std::size_t due = 0;
  while (due < in_flight_.size() && in_flight_[due].at <= now_) ++due;
  std::vector<InFlight> arriving(
      std::make_move_iterator(in_flight_.begin()),
      std::make_move_iterator(in_flight_.begin() + static_cast<std::ptrdiff_t>(due)));
  in_flight_.erase(in_flight_.begin(), in_flight_.begin() + static_cast<std::ptrdiff_t>(due));
  for (auto& p : arriving) (p.to_server ? server() : client()).handle_input(p.packet, now_);

  for (Side* side : {&client_, &server_})
    if (auto t = side->association->poll_timeout(); t && *t <= now_)
      side->association->handle_timeout(now_);
  collect(client_, true);
  collect(server_, false);
}

bool FakeLink::run_until(const std::function<bool()>& done, Duration limit) {
  const Timestamp end = now_ + limit;
  while (!done()) {
    if (now_ >= end) return false;
    step();
  }
  return true;
}

void FakeLink::run_for(Duration span) {
  const Timestamp end = now_ + span;
  while (now_ < end) step();
}

bool FakeLink::connect() {
  return run_until([&] {
    return client().state() == AssociationState::established &&
           server().state() == AssociationState::established;
  });
}

}  // namespace lucid::sctp::test
