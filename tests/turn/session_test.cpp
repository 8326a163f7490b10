// A 20-minute TURN session on the simulated network (support/sim_network.h): 30 ms each way,
// 5% loss, seeded. The allocation, two permissions and a channel must be refreshed on time —
// Refresh before the 600 s lifetime runs out, CreatePermission before 300 s, ChannelBind before
// 600 s — and nothing may expire, although some requests are lost and sent again.
#include <catch2/catch.hpp>

#include <map>

#include "support/sim_network.h"
#include "turn/turn_test_util.h"

using namespace lucid;
using namespace lucid::test;
using lucid::turn::State;

namespace {

const SocketAddress kOtherPeer = addr("198.51.100.8:40000");

// The largest gap between successive times in `times`, from `start` to `end`.
Duration largest_gap(std::vector<Timestamp> times, Timestamp start, Timestamp end) {
  times.insert(times.begin(), start);
  times.push_back(end);
  Duration gap{0};
  for (std::size_t i = 1; i < times.size(); ++i) gap = std::max(gap, times[i] - times[i - 1]);
  return gap;
}

}  // namespace

TEST_CASE("a 20-minute session: Refresh, CreatePermission and ChannelBind are refreshed on time over a lossy path, and nothing expires") {
  SimNetwork net(13);
  net.everywhere.delay = std::chrono::milliseconds(30);
  net.everywhere.loss = 0.05;
  net.add_host(kClientSocket.ip);
  FakeTurnServer server;
  // What the server saw, and when each refresh of each permission and channel was answered.
  net.add_stun_server(kServer, [&](BytesView request, const SocketAddress& from) {
    return server.answer(request, from, net.now());
  });

  SeededRandom random(99);
  turn::Client client(kServer, test_config(), random);
  std::vector<turn::Event> events;
  std::map<std::string, std::vector<Timestamp>> answered;  // "permission 198.51.100.7" -> times
  TraceLines trace;

  auto pump = [&] {
    while (auto d = client.poll_transmit()) net.send(kClientSocket, kServer, *d);
    while (auto e = client.poll_event()) events.push_back(*e);
  };
  client.allocate(net.now());
  pump();
  const Timestamp end = at_ms(20 * 60 * 1000);
  bool set_up = false;
  std::size_t seen_lines = 0;
  while (net.now() < end) {
    std::optional<Timestamp> next = client.poll_timeout();
    if (auto a = net.next_arrival(); a && (!next || *a < *next)) next = a;
    REQUIRE(next);
    net.advance_to(std::min(std::max(*next, net.now()), end));
    while (auto arrival = net.pop_arrival()) client.handle_input(arrival->data, net.now());
    client.handle_timeout(net.now());
    pump();
    if (!set_up && client.state() == State::Allocated) {
      client.create_permission(kOtherPeer.ip, net.now());
      client.bind_channel(kPeer, net.now());
      pump();
      set_up = true;
    }
    // When each success was taken, from the trace (the client's own account).
    for (; seen_lines < trace.lines.size(); ++seen_lines) {
      const std::string& l = trace.lines[seen_lines];
      if (l.find("allocation refreshed") != std::string::npos) answered["allocation"].push_back(net.now());
      if (l.find("permission for 198.51.100.8 ") != std::string::npos && l.find("failed") == std::string::npos)
        answered["permission 198.51.100.8"].push_back(net.now());
      if (l.find("channel 0x4000 ") != std::string::npos &&
          (l.find("bound") != std::string::npos || l.find("refreshed for") != std::string::npos))
        answered["channel 0x4000"].push_back(net.now());
    }
    REQUIRE(client.state() != State::Failed);
  }
  INFO(trace.all());
  CHECK(net.dropped_count() > 0);  // the path did lose some
  CHECK(client.state() == State::Allocated);
  CHECK(client.has_permission(kOtherPeer.ip));
  CHECK(client.has_permission(kPeer.ip));
  CHECK(client.channel_for(kPeer) == 0x4000);
  CHECK_FALSE(trace.said("expired"));
  for (const auto& e : events) CHECK_FALSE(std::holds_alternative<turn::AllocationFailedEvent>(e));

  // The allocation: refreshed at about 540 s and 1080 s (a minute before each expiry), each
  // within a few retransmissions' time of that.
  const auto refreshes = answered["allocation"];
  REQUIRE(refreshes.size() == 2);
  CHECK(refreshes[0] > at_ms(540'000));
  CHECK(refreshes[0] < at_ms(560'000));
  CHECK(refreshes[1] > at_ms(1'080'000));
  CHECK(refreshes[1] < at_ms(1'110'000));
  CHECK(largest_gap(refreshes, at_ms(0), end) < std::chrono::seconds(600));

  // Permissions live 300 s (RFC 8656 §9): refreshed every 240 s — created at 0 s, refreshed at
  // about 240, 480, 720 and 960 s (the one due at 1200 s falls just after the end).
  const auto permission = answered["permission 198.51.100.8"];
  CHECK(permission.size() == 5);
  CHECK(largest_gap(permission, permission.front(), end) < std::chrono::seconds(300));
  // Channels live 600 s (RFC 8656 §12): refreshed every 540 s.
  const auto channel = answered["channel 0x4000"];
  CHECK(channel.size() == 3);
  CHECK(largest_gap(channel, channel.front(), end) < std::chrono::seconds(600));
  // And the server saw them. 198.51.100.7's permission is refreshed by CreatePermission at 240
  // and 480 s, then by the ChannelBind at 540 s (RFC 8656 §12.2), so next at 780 and 1020 s.
  CHECK(server.times_of(stun::Method::ChannelBind).size() >= 3);
  CHECK(server.times_of(stun::Method::CreatePermission).size() >= 5 + 4);
}
