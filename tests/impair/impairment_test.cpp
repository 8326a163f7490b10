// The relay's impairment model on a fake clock: each knob does what it says, and one seed gives
// one run.
#include <catch2/catch.hpp>

#include <set>

#include "impair/impairment.h"

using namespace lucid;
using namespace lucid::impair;

namespace {

Bytes packet(std::uint32_t n, std::size_t size = 100) {
  Bytes p(size, 0);
  for (int i = 0; i < 4; ++i) p[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(n >> (8 * i));
  return p;
}
std::uint32_t number(const Bytes& p) {
  return p[0] | p[1] << 8 | p[2] << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

// Pushes `n` packets, one per millisecond, and drains everything; returns (arrival ms, number).
std::vector<std::pair<std::int64_t, std::uint32_t>> run(const Impairment& im, std::uint64_t seed,
                                                        std::uint32_t n, std::size_t size = 100) {
  ImpairedLink link(im, seed);
  std::vector<std::pair<std::int64_t, std::uint32_t>> arrivals;
  Timestamp t = at_ms(0);
  for (std::uint32_t i = 0; i < n || link.next_due(); ++i) {
    if (i < n) link.push(packet(i, size), t);
    while (auto p = link.pop(t)) arrivals.emplace_back(to_ms(t), number(*p));
    t += std::chrono::milliseconds(1);
  }
  return arrivals;
}

}  // namespace

TEST_CASE("the impairment spec is read from the relay's command line, and bad ones are refused") {
  auto im = Impairment::parse("delay=20ms,jitter=2ms,rate=8mbit,queue=50ms,loss=0.1,reorder=0.02,duplicate=0.01");
  REQUIRE(im);
  CHECK(im->delay == std::chrono::milliseconds(20));
  CHECK(im->jitter == std::chrono::milliseconds(2));
  CHECK(im->rate_bytes_per_second == 1e6);
  CHECK(im->max_queue == std::chrono::milliseconds(50));
  CHECK(im->loss == 0.1);
  CHECK(im->reorder == 0.02);
  CHECK(im->duplicate == 0.01);
  CHECK(Impairment::parse("")->loss == 0);
  CHECK_FALSE(Impairment::parse("loss=1.5"));
  CHECK_FALSE(Impairment::parse("delay=20"));
  CHECK(Impairment::parse("wobble=3").error().message().find("unknown impairment") != std::string::npos);
}

TEST_CASE("a clean link with a delay delivers every packet, in order, that much later") {
  Impairment im;
  im.delay = std::chrono::milliseconds(20);
  const auto arrivals = run(im, 1, 100);
  REQUIRE(arrivals.size() == 100);
  for (std::uint32_t i = 0; i < 100; ++i) {
    CHECK(arrivals[i].second == i);
    CHECK(arrivals[i].first == i + 20);
  }
}

TEST_CASE("loss, duplication and reordering happen at about the rates asked, the same for one seed") {
  Impairment im;
  im.delay = std::chrono::milliseconds(10);
  im.loss = 0.1;
  im.duplicate = 0.05;
  im.reorder = 0.05;
  const auto arrivals = run(im, 7, 10'000);
  CHECK(arrivals == run(im, 7, 10'000));
  CHECK(arrivals != run(im, 8, 10'000));
  std::set<std::uint32_t> distinct;
  std::size_t late = 0;
  std::uint32_t highest = 0;
  for (const auto& [at, n] : arrivals) {
    distinct.insert(n);
    if (n < highest) ++late;
    highest = std::max(highest, n);
  }
  // 10% lost: ~9000 distinct arrive; 5% of those twice; ~5% held back behind later ones.
  CHECK(distinct.size() > 8800);
  CHECK(distinct.size() < 9200);
  CHECK(arrivals.size() - distinct.size() > 350);
  CHECK(arrivals.size() - distinct.size() < 550);
  CHECK(late > 350);
  CHECK(late < 550);
}

TEST_CASE("a rate limit spaces packets out and drops what would queue too long") {
  Impairment im;
  im.rate_bytes_per_second = 100'000;  // a 1000-byte packet takes 10 ms
  im.max_queue = std::chrono::milliseconds(100);
  const auto arrivals = run(im, 1, 100, 1000);  // offered at 1000 packets/s, 10x the rate
  // At most the rate's worth over the run plus the queue's worth.
  CHECK(arrivals.size() < 30);
  for (std::size_t i = 1; i < arrivals.size(); ++i)
    CHECK(arrivals[i].first - arrivals[i - 1].first >= 10);
}
