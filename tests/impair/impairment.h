// One direction of an impaired link, sans-IO: what netem would do in the kernel, done in the
// project's own code because the kernel of these machines has no sch_netem (shared/BROWSERS.md).
//
// A packet pushed at `now` is, in this order: lost (probability `loss`); queued behind the
// packets before it at `rate` (tail-dropped when that queue would hold more than `max_queue` of
// sending time); delayed by `delay` plus a uniform draw in [-jitter, +jitter] (jitter alone
// reorders, as netem's does); held back by one more `delay` with probability `reorder`, so that
// packets sent after it overtake it; and delivered twice with probability `duplicate`. Every
// random choice comes from one seed, so a run can be repeated.
#pragma once

#include <cstdint>
#include <optional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "common/time.h"

namespace lucid::impair {

struct Impairment {
  Duration delay{};
  Duration jitter{};
  double rate_bytes_per_second = 0;  // 0: no limit
  Duration max_queue = std::chrono::milliseconds(200);
  double loss = 0;
  double reorder = 0;
  double duplicate = 0;

  // "delay=20ms,jitter=2ms,rate=10mbit,loss=0.1,reorder=0.01,duplicate=0.01,queue=200ms";
  // any subset, in any order. The relay's command line uses it.
  static Result<Impairment> parse(std::string_view text);
  std::string to_string() const;
};

class ImpairedLink {
 public:
  ImpairedLink(Impairment impairment, std::uint64_t seed);

  void push(Bytes packet, Timestamp now);
  // When the next packet is due, if any is on its way.
  std::optional<Timestamp> next_due() const;
  // The next packet due at or before `now`.
  std::optional<Bytes> pop(Timestamp now);

  struct Counters {
    std::uint64_t pushed = 0, delivered = 0, lost = 0, queue_dropped = 0, reordered = 0,
                  duplicated = 0;
  };
  const Counters& counters() const { return counters_; }

 private:
  bool chance(double p);

  Impairment impairment_;
  std::mt19937_64 random_;
  Timestamp link_free_at_{};  // when the rate limiter has sent everything queued so far
  // Packets on their way, by (when due, order pushed): FIFO among packets due together.
  std::map<std::pair<Timestamp, std::uint64_t>, Bytes> in_flight_;
  std::uint64_t seq_ = 0;
  Counters counters_;
};

}  // namespace lucid::impair
