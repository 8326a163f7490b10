// Data channels between two PeerHosts over real UDP on 127.0.0.1: ICE, DTLS and SCTP on sockets
// and the event loop's clock, with net::HostedDataChannel's callbacks.
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "loopback_hosts.h"
#include "net/peer_host.h"

using namespace lucid;
using namespace lucid::net;
using namespace lucid::testing;


TEST_CASE("two peer hosts exchange messages on several data channels over loopback UDP") {
  EventLoop loop;
  PeerHost a(loop, named("a"), loopback_only());
  PeerHost b(loop, named("b"), loopback_only());

  // What each side received, by channel label, in arrival order.
  std::map<std::string, std::vector<std::string>> at_a, at_b;
  std::vector<std::shared_ptr<net::HostedDataChannel>> remote_at_a, remote_at_b;
  auto record = [](std::map<std::string, std::vector<std::string>>& into,
                   const std::shared_ptr<net::HostedDataChannel>& channel) {
    channel->on_message = [&into, label = channel->label()](const MessageEvent& m) {
      into[label].push_back(m.is_text() ? m.text() : "bytes:" + std::to_string(m.binary().size()));
    };
  };
  a.on_data_channel = [&](std::shared_ptr<net::HostedDataChannel> c) {
    record(at_a, c);
    remote_at_a.push_back(c);
  };
  b.on_data_channel = [&](std::shared_ptr<net::HostedDataChannel> c) {
    record(at_b, c);
    remote_at_b.push_back(c);
  };

  // Two channels from a before the offer, a negotiated one on both sides.
  auto chat = a.create_data_channel("chat");
  auto bulk = a.create_data_channel("bulk", {.ordered = false});
  auto control_a = a.create_data_channel("control", {.negotiated = true, .id = 100});
  auto control_b = b.create_data_channel("control", {.negotiated = true, .id = 100});
  record(at_a, control_a);
  record(at_b, control_b);
  int opened_at_a = 0;
  chat->on_open = [&] { ++opened_at_a; };
  bulk->on_open = [&] { ++opened_at_a; };

  std::vector<PeerConnectionState> b_states;
  b.on_connection_state_change = [&](PeerConnectionState s) { b_states.push_back(s); };
  exchange_descriptions(a, b, running(loop));
  REQUIRE(loop.run_until([&] { return opened_at_a == 2 && remote_at_b.size() == 2; },
                         std::chrono::seconds(10)));
  CHECK(a.connection_state() == PeerConnectionState::Connected);
  REQUIRE_FALSE(b_states.empty());
  CHECK(b_states.back() == PeerConnectionState::Connected);

  // One more, from b, once connected.
  auto reply = b.create_data_channel("reply");
  REQUIRE(loop.run_until([&] { return remote_at_a.size() == 1; }, std::chrono::seconds(5)));
  REQUIRE(loop.run_until([&] { return reply->ready_state() == DataChannelState::Open; },
                         std::chrono::seconds(5)));

  for (int i = 0; i < 20; ++i) chat->send("chat " + std::to_string(i));
  bulk->send(Bytes(64 * 1024, 0xab));
  control_b->send(std::string("control from b"));
  control_a->send(std::string("control from a"));
  reply->send(std::string("reply from b"));
  REQUIRE(loop.run_until(
      [&] {
        return at_b["chat"].size() == 20 && at_b["bulk"].size() == 1 &&
               at_b["control"].size() == 1 && at_a["control"].size() == 1 &&
               at_a["reply"].size() == 1;
      },
      std::chrono::seconds(10)));
  for (int i = 0; i < 20; ++i) CHECK(at_b["chat"][i] == "chat " + std::to_string(i));
  CHECK(at_b["bulk"][0] == "bytes:65536");
  CHECK(at_b["control"][0] == "control from a");
  CHECK(at_a["control"][0] == "control from b");
  CHECK(at_a["reply"][0] == "reply from b");

  // Closing from a is seen at b.
  bool closed_at_b = false;
  for (auto& c : remote_at_b)
    if (c->label() == "chat") c->on_close = [&] { closed_at_b = true; };
  chat->close();
  REQUIRE(loop.run_until([&] { return closed_at_b; }, std::chrono::seconds(5)));
  CHECK(chat->ready_state() == DataChannelState::Closed);
}
