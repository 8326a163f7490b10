// Two lucid peers in two network namespaces, every packet between them through
// lucid-impair-relay at 10% loss each way and 40 ms RTT: they connect, a mixed-size checksummed
// transfer arrives whole (and in order on the ordered channel), and both end "connected". What
// is asserted is delivery and state, not speed (bench/lossy_link prints the speeds). Needs root
// and /dev/net/tun; without them it says why and is skipped.
#include <catch2/catch.hpp>

#include <cstdio>

#include "impair/impaired_path.h"
#include "impair/mixed_transfer.h"

using namespace lucid;
using namespace lucid::impair;

TEST_CASE("over real sockets at 10% loss each way and 40 ms RTT, a mixed transfer arrives whole "
          "and in order, and both peers stay connected") {
  if (auto why = ImpairedPath::unavailable()) {
    std::printf("LUCID-SKIP: %s\n", why->c_str());
    return;
  }
  PathOptions options;
  for (Impairment* im : {&options.a_to_b, &options.b_to_a}) {
    im->delay = std::chrono::milliseconds(20);
    im->loss = 0.10;
  }
  options.seed = 10;
  ImpairedPath path(options);
  TransferOptions transfer;
  transfer.rounds = 1;
  const TransferOutcome out = run_mixed_transfer(path, transfer);
  INFO("relay: " << path.stop_relay());
  INFO("stopped: " << out.stopped);
  REQUIRE(out.connected);
  CHECK(out.stopped.empty());
  CHECK(out.ordered.sent == out.ordered.intact);
  CHECK(out.ordered.out_of_order == 0);
  CHECK(out.ordered.corrupted == 0);
  CHECK(out.unordered.sent == out.unordered.intact);
  CHECK(out.unordered.corrupted == 0);
  CHECK(out.state_a == PeerConnectionState::Connected);
  CHECK(out.state_b == PeerConnectionState::Connected);
  CHECK(out.ice_a != IceConnectionState::Disconnected);
  CHECK(out.ice_b != IceConnectionState::Disconnected);
}
