// Two sctp::Associations joined by an in-memory link with a fake clock.
//
// The link can drop, duplicate and reorder packets, from a seeded random source, so a test
// is the same run every time as far as lucid is concerned (usrsctp still draws its own
// verification tags and reads the wall clock for RTT samples).
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "common/random.h"
#include "common/time.h"
#include "sctp/association.h"

namespace lucid::sctp::test {

struct LinkOptions {
  double loss = 0.0;       // probability that a packet is dropped
  double duplicate = 0.0;  // probability that a packet is delivered twice
  double reorder = 0.0;    // probability that a packet is held back by up to 3 delays
  Duration delay = std::chrono::milliseconds(5);
  std::uint64_t seed = 1;
};

inline LinkOptions lossy(double loss, std::uint64_t seed) {
  LinkOptions options;
  options.loss = loss;
  options.seed = seed;
  return options;
}

struct Side {
  std::unique_ptr<Association> association;
  std::vector<Event> events;  // everything poll_event() gave, in order

  template <typename T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const auto& e : events)
      if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
    return out;
  }
  template <typename T>
  std::size_t count() const {
    return all<T>().size();
  }
};

class FakeLink {
 public:
  explicit FakeLink(LinkOptions options = {}, AssociationConfig client = client_config(),
                    AssociationConfig server = server_config());

  static AssociationConfig client_config();
  static AssociationConfig server_config();

  Association& client() { return *client_.association; }
  Association& server() { return *server_.association; }
  Side& client_side() { return client_; }
  Side& server_side() { return server_; }
  Timestamp now() const { return now_; }
  LinkOptions& options() { return options_; }

  // Moves packets, events and time until `done()` holds or `limit` of fake time has passed.
  bool run_until(const std::function<bool()>& done, Duration limit = std::chrono::seconds(120));
  // Runs both sides for `span` of fake time.
  void run_for(Duration span);
  // Brings both associations up (asserts nothing; returns whether they are).
  bool connect();

  std::size_t packets_sent() const { return packets_sent_; }
  std::size_t packets_dropped() const { return packets_dropped_; }

 private:
  struct InFlight {
    Timestamp at;
    std::uint64_t order;
    bool to_server;
    Bytes packet;
  };
  void step();
  void collect(Side& from, bool to_server);

  LinkOptions options_;
  SeededRandom random_;
  Timestamp now_;
  Side client_;
  Side server_;
  std::vector<InFlight> in_flight_;
  std::uint64_t order_ = 0;
  std::size_t packets_sent_ = 0;
  std::size_t packets_dropped_ = 0;
};

}  // namespace lucid::sctp::test
