// getStats (peer/stats.h) between two PeerConnections in memory (tests/peer/two_peers.h): the
// numbers are counted, so after a known exchange they are known exactly.
#include <catch2/catch.hpp>

#include "peer/peer_connection.h"
#include "two_peers.h"

using namespace lucid;
using lucid::testing::TwoPeers;

namespace {

std::shared_ptr<DataChannel> channel_opened_by_peer(const std::vector<PeerConnectionEvent>& log) {
  for (const auto& e : log)
    if (auto* d = std::get_if<DataChannelEvent>(&e)) return d->channel;
  return nullptr;
}

const DataChannelStats* find(const PeerConnectionStats& stats, const std::string& label) {
  for (const auto& c : stats.data_channels)
    if (c.label == label) return &c;
  return nullptr;
}

// Messages received so far on the channel called `label` (0 if there is none).
std::uint64_t received(const PeerConnection& pc, const std::string& label) {
  const PeerConnectionStats stats = pc.get_stats();
  const DataChannelStats* channel = find(stats, label);
  return channel ? channel->counters.messages_received : 0;
}

}  // namespace

TEST_CASE("before any description, get_stats reports a new transport and no traffic") {
  TwoPeers p;
  const auto stats = p.a.get_stats();
  CHECK(stats.transport.ice_state == "new");
  CHECK(stats.transport.dtls_state == "new");
  CHECK(stats.transport.bytes_sent == 0);
  CHECK(stats.transport.packets_received == 0);
  CHECK_FALSE(stats.transport.selected_candidate_pair);
  CHECK(stats.data_channels.empty());
}

TEST_CASE("after N messages of known size, each side's channel counts match them") {
  TwoPeers p;
  auto chat = p.a.create_data_channel("chat");
  REQUIRE(p.exchange_descriptions());
  REQUIRE(p.run_until([&] { return chat->ready_state() == DataChannelState::Open; }));
  REQUIRE(p.run_until([&] { return channel_opened_by_peer(p.events_b) != nullptr; }));
  auto bobs = channel_opened_by_peer(p.events_b);
  REQUIRE(p.run_until([&] { return bobs->ready_state() == DataChannelState::Open; }));

  // 5 text messages of 100 bytes from a, 2 binary ones of 1000 bytes from b.
  for (int i = 0; i < 5; ++i) chat->send(std::string(100, static_cast<char>('a' + i)));
  for (int i = 0; i < 2; ++i) bobs->send(Bytes(1000, static_cast<std::uint8_t>(i)));
  REQUIRE(p.run_until([&] { return received(p.a, "chat") == 2 && received(p.b, "chat") == 5; }));

  const auto a_stats = p.a.get_stats();
  const auto b_stats = p.b.get_stats();
  const DataChannelStats* a_chat = find(a_stats, "chat");
  const DataChannelStats* b_chat = find(b_stats, "chat");
  REQUIRE(a_chat);
  REQUIRE(b_chat);
  CHECK(a_chat->state == "open");
  CHECK(a_chat->data_channel_identifier == chat->id());
  CHECK(a_chat->counters.messages_sent == 5);
  CHECK(a_chat->counters.bytes_sent == 500);
  CHECK(a_chat->counters.messages_received == 2);
  CHECK(a_chat->counters.bytes_received == 2000);
  CHECK(b_chat->counters.messages_sent == 2);
  CHECK(b_chat->counters.bytes_sent == 2000);
  CHECK(b_chat->counters.messages_received == 5);
  CHECK(b_chat->counters.bytes_received == 500);
}

TEST_CASE("transport stats: what one side sent is what the other received, on the selected pair") {
  TwoPeers p;
  auto chat = p.a.create_data_channel("chat");
  REQUIRE(p.exchange_descriptions());
  REQUIRE(p.run_until([&] { return chat->ready_state() == DataChannelState::Open; }));
  chat->send("hello");
  REQUIRE(p.run_until([&] { return received(p.b, "chat") == 1; }));
  p.settle();  // the simulated network hands everything over at once: nothing is in flight

  const TransportStats a = p.a.get_stats().transport;
  const TransportStats b = p.b.get_stats().transport;
  CHECK(a.packets_sent > 0);
  CHECK(a.packets_sent == b.packets_received);
  CHECK(a.bytes_sent == b.bytes_received);
  CHECK(b.packets_sent == a.packets_received);
  CHECK(b.bytes_sent == a.bytes_received);
  // p.net.delivered_count() counts every datagram the simulated network carried, both ways.
  CHECK(a.packets_sent + b.packets_sent == p.net.delivered_count());

  CHECK(a.ice_role == "controlling");
  CHECK(b.ice_role == "controlled");
  REQUIRE(a.selected_candidate_pair);
  CHECK(a.selected_candidate_pair->local_candidate == "host 10.0.0.1:5000");
  // (b's first check reaches a before b's answer does, so a may know b as peer-reflexive.)
  CHECK(a.selected_candidate_pair->remote_candidate.find("10.0.0.2:6000") != std::string::npos);
  CHECK(a.selected_candidate_pair->nominated);
  // The simulated network delivers at once here, so the round trip measured on the fake clock is 0.
  REQUIRE(a.selected_candidate_pair->current_round_trip_time);
  CHECK(*a.selected_candidate_pair->current_round_trip_time == Duration(0));
}

TEST_CASE("transport stats name the DTLS cipher and the fingerprint the peer's SDP announced") {
  TwoPeers p;
  p.a.create_data_channel("chat");
  REQUIRE(p.exchange_descriptions());
  REQUIRE(p.run_until([&] { return p.a.connection_state() == PeerConnectionState::Connected; }));
  const TransportStats a = p.a.get_stats().transport;
  const TransportStats b = p.b.get_stats().transport;
  CHECK(a.dtls_state == "connected");
  CHECK(a.tls_version == "DTLS 1.2");
  // BROWSERS.md: lucid puts AES-GCM first so that Wireshark can decrypt its captures.
  CHECK(a.dtls_cipher.find("AES128-GCM") != std::string::npos);
  CHECK(a.dtls_cipher == b.dtls_cipher);
  CHECK(a.dtls_role != b.dtls_role);
  // Each side's remote fingerprint is the other's a=fingerprint.
  CHECK(a.remote_fingerprint == b.local_fingerprint);
  CHECK(b.remote_fingerprint == a.local_fingerprint);
  CHECK(p.b.remote_description()->sdp.find("a=fingerprint:" + b.local_fingerprint) ==
        std::string::npos);  // b's own fingerprint is in b's description, not in a's
  CHECK(p.a.remote_description()->sdp.find("a=fingerprint:" + b.local_fingerprint) !=
        std::string::npos);
}

// RTCSctpTransportStats: usrsctp's own view of the association. On a wire of 20 ms each way its
// smoothed RTT comes out near 40 ms; cwnd and rwnd are what bound data in flight (bench/sim_path).
TEST_CASE("sctp transport stats: none before the association, then SCTP's RTT, windows and MTU") {
  TwoPeers p;
  p.net.everywhere.delay = std::chrono::milliseconds(20);
  CHECK_FALSE(p.a.get_stats().sctp_transport);
  auto chat = p.a.create_data_channel("chat");
  REQUIRE(p.exchange_descriptions());
  REQUIRE(p.run_until([&] { return chat->ready_state() == DataChannelState::Open; }));
  for (int i = 0; i < 50; ++i) chat->send(std::string(1000, 'x'));
  REQUIRE(p.run_until([&] { return received(p.b, "chat") == 50; }));
  p.run_until([] { return false; }, std::chrono::seconds(1));  // the last SACKs come back

  const auto stats = p.a.get_stats().sctp_transport;
  REQUIRE(stats);
  CHECK(stats->smoothed_round_trip_time >= std::chrono::milliseconds(35));
  CHECK(stats->smoothed_round_trip_time <= std::chrono::milliseconds(80));
  CHECK(stats->congestion_window > 0);
  CHECK(stats->receiver_window > 0);
  // RFC 8261 §5: SCTP packets sized to fit a 1200-byte DTLS record.
  CHECK(stats->mtu > 0);
  CHECK(stats->mtu <= 1200);
  CHECK(stats->unack_data == 0);
}
