// Two PeerConnections over a wire that behaves like a real path (support/sim_network.h): a round
// trip of 40 ms, datagrams lost, duplicated and overtaken. The whole session runs on it, from the
// first STUN check to the last SCTP acknowledgement, and the user still sees every message,
// intact and in order.
#include <catch2/catch.hpp>

#include "peer/peer_connection.h"
#include "two_peers.h"

using namespace lucid;
using lucid::testing::named;
using lucid::testing::TwoPeers;

namespace {

// 20 ms each way; 5% of the datagrams lost, 2% duplicated, 5% held back and overtaken.
test::Impairment rough_path() {
  test::Impairment wire;
  wire.delay = std::chrono::milliseconds(20);
  wire.loss = 0.05;
  wire.duplicate = 0.02;
  wire.reorder = 0.05;
  return wire;
}

// Message n: its number, then filler that depends on n, 10 to 400 bytes in all, so that a lost,
// repeated, reordered or corrupted message shows.
std::string message(int n) {
  std::string m = "message " + std::to_string(n) + ":";
  const std::size_t size = 10 + static_cast<std::size_t>(n * 37 % 391);
  for (std::size_t i = 0; m.size() < size; ++i) m.push_back(static_cast<char>('a' + (n + i) % 26));
  return m;
}

std::vector<std::string> texts_received(const std::vector<PeerConnectionEvent>& log) {
  std::vector<std::string> out;
  for (const auto& e : log)
    if (auto* m = std::get_if<DataChannelMessageEvent>(&e)) out.push_back(m->message.text());
  return out;
}

}  // namespace

TEST_CASE(
    "10,000 ordered reliable messages arrive intact and in order at 40 ms RTT with 5% loss, 2% "
    "duplication and reordering") {
  TwoPeers p(named("a"), named("b"), /*seed=*/40);
  p.net.everywhere = rough_path();

  auto chat = p.a.create_data_channel("chat");  // ordered and reliable: the defaults
  REQUIRE(p.exchange_descriptions());
  REQUIRE(p.run_until([&] { return chat->ready_state() == DataChannelState::Open; },
                      std::chrono::minutes(2)));

  constexpr int kMessages = 10'000;
  for (int n = 0; n < kMessages; ++n) chat->send(message(n));
  REQUIRE(p.run_until([&] { return texts_received(p.events_b).size() >= kMessages; },
                      std::chrono::minutes(30)));
  p.run_until([] { return false; }, std::chrono::seconds(5));  // a late duplicate would show now

  const auto got = texts_received(p.events_b);
  REQUIRE(got.size() == kMessages);
  for (int n = 0; n < kMessages; ++n) REQUIRE(got[n] == message(n));
  // The wire really was rough.
  CHECK(p.net.dropped_count() > 0);
  CHECK(p.net.duplicated_count() > 0);
}
