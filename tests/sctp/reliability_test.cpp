#include <catch2/catch.hpp>
#include <set>

#include "two_associations.h"
#include "sctp/association.h"
#include "test_util.h"

using namespace lucid;
using namespace lucid::sctp;
using namespace lucid::sctp::test;

namespace {
std::string numbered(int n) { return "message " + std::to_string(n); }
int number_of(const MessageReceived& m) { return std::stoi(to_string(m.data).substr(8)); }
}  // namespace

TEST_CASE("10,000 small ordered messages arrive intact and in order with 5% loss") {
  TwoAssociations link(lossy(0.05), 2024);
  REQUIRE(link.connect());
  const std::uint16_t id = link.client().create_channel(labelled("ordered"));
  constexpr int kMessages = 10'000;
  for (int n = 0; n < kMessages; ++n) link.client().send(id, numbered(n));
  REQUIRE(link.run_until([&] { return link.server_side().count<MessageReceived>() == kMessages; },
                         std::chrono::minutes(10)));
  const auto got = link.server_side().all<MessageReceived>();
  for (int n = 0; n < kMessages; ++n) REQUIRE(to_string(got[n].data) == numbered(n));
  CHECK(link.net.dropped_count() > 0);
}

TEST_CASE("duplicated and reordered packets neither duplicate nor reorder messages") {
  Impairment messy = lossy(0.02);
  messy.duplicate = 0.1;
  messy.reorder = 0.2;
  TwoAssociations link(messy, 99);
  REQUIRE(link.connect());
  const std::uint16_t id = link.client().create_channel(labelled("messy"));
  constexpr int kMessages = 2'000;
  for (int n = 0; n < kMessages; ++n) link.client().send(id, numbered(n));
  REQUIRE(link.run_until([&] { return link.server_side().count<MessageReceived>() == kMessages; },
                         std::chrono::minutes(5)));
  link.run_for(std::chrono::seconds(2));
  const auto got = link.server_side().all<MessageReceived>();
  REQUIRE(got.size() == kMessages);
  for (int n = 0; n < kMessages; ++n) CHECK(number_of(got[n]) == n);
}

TEST_CASE(
    "unordered with maxRetransmits 0 under loss delivers a subset without blocking later "
    "messages") {
  TwoAssociations link(Impairment{}, 5);
  REQUIRE(link.connect());
  ChannelInit init = labelled("lossy");
  init.ordered = false;
  init.max_retransmits = 0;
  const std::uint16_t id = link.client().create_channel(init);
  // Let DATA_CHANNEL_OPEN and its ACK through first: until the ACK, messages go ordered.
  REQUIRE(link.run_until([&] { return link.client().channel(id) && link.server().channel(id); }));
  link.run_for(std::chrono::milliseconds(500));

  link.net.everywhere.loss = 0.2;
  constexpr int kLossy = 500;
  for (int n = 0; n < kLossy; ++n) {
    link.client().send(id, numbered(n));
    link.run_for(std::chrono::milliseconds(10));
  }
  link.net.everywhere.loss = 0.0;
  constexpr int kAfter = 20;
  for (int n = kLossy; n < kLossy + kAfter; ++n) link.client().send(id, numbered(n));
  link.run_for(std::chrono::seconds(5));

  std::set<int> received;
  for (const auto& m : link.server_side().all<MessageReceived>()) {
    CHECK(received.insert(number_of(m)).second);  // never twice
  }
  // Some were lost for good (no retransmission) ...
  CHECK(received.size() < static_cast<std::size_t>(kLossy + kAfter));
  CHECK(received.size() > static_cast<std::size_t>(kLossy / 2));
  // ... and the losses did not hold back anything sent after them.
  for (int n = kLossy; n < kLossy + kAfter; ++n) CHECK(received.count(n) == 1);
}

TEST_CASE("a reliable unordered channel under loss still delivers every message exactly once") {
  TwoAssociations link(lossy(0.1), 8);
  REQUIRE(link.connect());
  const std::uint16_t id = link.client().create_channel(unordered("u"));
  constexpr int kMessages = 1'000;
  for (int n = 0; n < kMessages; ++n) link.client().send(id, numbered(n));
  REQUIRE(link.run_until([&] { return link.server_side().count<MessageReceived>() == kMessages; },
                         std::chrono::minutes(5)));
  std::set<int> received;
  for (const auto& m : link.server_side().all<MessageReceived>()) received.insert(number_of(m));
  CHECK(received.size() == kMessages);
}

TEST_CASE("maxPacketLifeTime lets a message expire instead of retransmitting it forever") {
  TwoAssociations link(Impairment{}, 6);
  REQUIRE(link.connect());
  ChannelInit init = unordered("timed");
  init.max_packet_life_time = 50;
  const std::uint16_t id = link.client().create_channel(init);
  REQUIRE(link.run_until([&] { return link.server().channel(id) != nullptr; }));
  link.run_for(std::chrono::milliseconds(500));
  link.net.everywhere.loss = 1.0;  // everything sent now is lost
  link.client().send(id, numbered(0));
  link.run_for(std::chrono::seconds(5));  // far beyond its 50 ms lifetime
  link.net.everywhere.loss = 0.0;
  link.client().send(id, numbered(1));
  link.run_for(std::chrono::seconds(10));
  const auto got = link.server_side().all<MessageReceived>();
  REQUIRE(got.size() == 1);
  CHECK(number_of(got[0]) == 1);
}

TEST_CASE("a lost DATA packet with nothing sent after it comes back on the retransmission timer") {
  // No later packet can trigger a fast retransmission here: only T3-rtx (RFC 9260 §6.3.3) can.
  TwoAssociations link;
  REQUIRE(link.connect());
  link.run_for(std::chrono::seconds(1));
  const std::uint16_t id = link.client().create_channel(labelled("lonely"));
  link.client().send(id, "once more");
  std::size_t lost = 0;
  while (link.client().poll_transmit()) ++lost;  // the OPEN and the message vanish
  REQUIRE(lost > 0);
  REQUIRE(link.run_until([&] { return link.server_side().count<MessageReceived>() == 1; }));
  CHECK(link.server().channel(id)->label() == "lonely");
  CHECK(to_string(link.server_side().all<MessageReceived>()[0].data) == "once more");
}
