// A connection comes up over a lossy path, on time: 20 ms each way (40 ms RTT) on the simulated
// network, the same share of datagrams lost each way, seeds 1..20 (each seed one pattern of
// losses, and OpenSSL's and usrsctp's randomness drawn from it). "Up" means the data channel is
// open on both sides; the time is simulated time from createOffer (setup_under_loss.h), so
// these tests take a second or two of real time, not minutes. Issue 15 asks for 19 runs in 20
// at 30% within 30 s and at 10% within 5 s; bench/setup_under_loss prints the same runs, and
// more seeds, with the time each layer took.
#include <catch2/catch.hpp>

#include <sstream>

#include "setup_under_loss.h"
#include "support/seeded_openssl_random.h"
#include "support/seeded_usrsctp_random.h"

using namespace lucid;

namespace {

struct Tally {
  int up_in_time = 0;
  std::string late;                     // the seeds that were not, for the failure message
  std::vector<std::string> contradictions;
};

Tally run_seeds(double loss, Duration in_time) {
  Tally tally;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const test::SeededOpenSslRandom openssl_random(seed);
    test::seed_usrsctp_random(seed);
    const testing::SetupOutcome out = testing::set_up_under_loss(loss, seed);
    if (out.came_up_after && *out.came_up_after <= in_time) {
      ++tally.up_in_time;
      // Up means up on both sides, in every layer.
      CHECK(out.state_a == PeerConnectionState::Connected);
      CHECK(out.state_b == PeerConnectionState::Connected);
    } else {
      std::ostringstream why;
      why << " seed " << seed << " ("
          << (out.came_up_after
                  ? std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       *out.came_up_after)
                                       .count()) +
                        " ms"
                                : std::string("not up: ") + to_string(out.state_a) + "/" +
                                      to_string(out.state_b))
          << ")";
      tally.late += why.str();
    }
    for (const auto& c : out.contradictions)
      tally.contradictions.push_back("seed " + std::to_string(seed) + ": " + c);
  }
  return tally;
}

}  // namespace

TEST_CASE("at 30% loss each way and 40 ms RTT the connection comes up within 30 s in at least 19 "
          "of seeds 1..20, and its states never contradict each other") {
  const Tally tally = run_seeds(0.30, std::chrono::seconds(30));
  INFO("not up within 30 s:" << tally.late);
  CHECK(tally.up_in_time >= 19);
  CHECK(tally.contradictions.empty());
}

TEST_CASE("at 10% loss each way and 40 ms RTT the connection comes up within 5 s in at least 19 "
          "of seeds 1..20, and its states never contradict each other") {
  const Tally tally = run_seeds(0.10, std::chrono::seconds(5));
  INFO("not up within 5 s:" << tally.late);
  CHECK(tally.up_in_time >= 19);
  CHECK(tally.contradictions.empty());
}
