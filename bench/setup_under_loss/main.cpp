// setup_under_loss: how often, and how fast, a connection comes up over a lossy path. Two
// PeerConnections on the simulated network (tests/peer/setup_under_loss.h): 20 ms each way
// (40 ms RTT), the same loss each way, a data channel made before the offer; "up" means the
// channel is open on both sides. For each loss it runs the seeds 1..N (each seed is one pattern
// of losses, and OpenSSL's and usrsctp's randomness) for up to 60 s of simulated time and prints
// how many came up within 5 s, 30 s and 60 s; the median time until ICE had selected a pair on
// both sides, until DTLS was connected on both, and until the channel was open on both; the
// worst time to come up; the final states; the seeds not up within 30 s; and any contradiction
// between the states (a channel not closed, or opening, after its connection said "failed").
//
//   build/bench/setup_under_loss/setup_under_loss [seeds=20 | first..last] [losses in %: 10 30]
//
// Measured before and after the setup timers were tuned (seeds 1..100, up within 5 / 30 / 60 s):
//   10% loss: 92 / 100 / 100 before, 100 / 100 / 100 after (median 1.25 s -> 0.35 s)
//   30% loss: 22 / 70 / 84 before, 69 / 99 / 99 after (median 10.72 s -> 3.27 s)
// The full tables, and each layer's share, are in README.md beside this file.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "peer/setup_under_loss.h"
#include "support/seeded_openssl_random.h"
#include "support/seeded_usrsctp_random.h"

using namespace lucid;

namespace {

double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

int main(int argc, char** argv) {
  // "20" is seeds 1..20; "40..42" is seeds 40, 41 and 42 (with LUCID_TRACE=pc, say, to see why).
  int first = 1, seeds = 20;
  if (argc > 1) {
    const std::string arg = argv[1];
    const auto dots = arg.find("..");
    if (dots == std::string::npos) {
      seeds = std::atoi(arg.c_str());
    } else {
      first = std::atoi(arg.substr(0, dots).c_str());
      seeds = std::atoi(arg.substr(dots + 2).c_str()) - first + 1;
    }
  }
  std::vector<double> losses;
  for (int i = 2; i < argc; ++i) losses.push_back(std::atof(argv[i]));
  if (losses.empty()) losses = {0, 5, 10, 20, 30};
  const auto limit = std::chrono::seconds(60);

  std::printf("setup under loss: simulated network, 20 ms each way (40 ms RTT), the same loss "
              "each way, seeds %d..%d, each run up to %lld s of simulated time\n\n",
              first, first + seeds - 1, static_cast<long long>(limit.count()));
  std::printf("%5s | %7s | %7s | %7s | %22s | %8s | %s\n", "loss", "<= 5 s", "<= 30 s",
              "<= 60 s", "median ice / dtls / up", "worst up", "final states a/b (runs)");
  std::printf("------+---------+---------+---------+------------------------+----------+---------"
              "---------------\n");
  int contradictory = 0;
  for (double loss : losses) {
    std::vector<double> times, ice_times, dtls_times;
    int within_5 = 0, within_30 = 0;
    std::map<std::string, int> finals;
    std::vector<std::string> contradictions;
    std::string late;  // the seeds not up within 30 s, to trace them
    for (int seed = first; seed < first + seeds; ++seed) {
      const test::SeededOpenSslRandom openssl_random(static_cast<std::uint64_t>(seed));
      test::seed_usrsctp_random(static_cast<std::uint64_t>(seed));
      const testing::SetupOutcome out =
          testing::set_up_under_loss(loss / 100, static_cast<std::uint64_t>(seed), limit);
      if (out.ice_after) ice_times.push_back(seconds(*out.ice_after));
      if (out.dtls_after) dtls_times.push_back(seconds(*out.dtls_after));
      if (out.came_up_after) {
        const double t = seconds(*out.came_up_after);
        times.push_back(t);
        within_5 += t <= 5;
        within_30 += t <= 30;
      }
      if (!out.came_up_after || seconds(*out.came_up_after) > 30) {
        char text[64];
        std::snprintf(text, sizeof text, "%s%d (%s)", late.empty() ? "" : ", ", seed,
                      out.came_up_after
                          ? (std::to_string(static_cast<int>(seconds(*out.came_up_after))) + " s").c_str()
                          : "not up");
        late += text;
      }
      ++finals[std::string(to_string(out.state_a)) + "/" + to_string(out.state_b)];
      for (const auto& c : out.contradictions)
        contradictions.push_back("seed " + std::to_string(seed) + ": " + c);
    }
    const auto median = [](std::vector<double> v) {
      if (v.empty()) return std::string("-");
      std::sort(v.begin(), v.end());
      char text[16];
      std::snprintf(text, sizeof text, "%.2f", v[v.size() / 2]);
      return std::string(text);
    };
    char worst[16] = "-";
    if (!times.empty())
      std::snprintf(worst, sizeof worst, "%.2f s", *std::max_element(times.begin(), times.end()));
    const std::string medians =
        median(ice_times) + " / " + median(dtls_times) + " / " + median(times) + " s";
    std::string states;
    for (const auto& [s, n] : finals)
      states += (states.empty() ? "" : ", ") + s + " " + std::to_string(n);
    const auto of = [seeds](std::size_t n) { return std::to_string(n) + "/" + std::to_string(seeds); };
    std::printf("%4.0f%% | %7s | %7s | %7s | %22s | %8s | %s\n", loss, of(within_5).c_str(),
                of(within_30).c_str(), of(times.size()).c_str(), medians.c_str(), worst,
                states.c_str());
    if (!late.empty()) std::printf("       not up within 30 s: seed %s\n", late.c_str());
    for (const auto& c : contradictions) std::printf("       contradiction, %s\n", c.c_str());
    contradictory += static_cast<int>(contradictions.size());
    std::fflush(stdout);
  }
  std::printf("\n%d contradiction%s between states\n", contradictory, contradictory == 1 ? "" : "s");
  return 0;
}
