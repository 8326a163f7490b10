// Live: lucid's TURN client against a real coturn on 127.0.0.1 (support/coturn.h). One
// allocation carries data to a plain UDP socket on loopback and back, first in Send/Data
// indications, then in ChannelData; it is refreshed (allocation, permission, channel: the test
// shortens the client's refresh intervals to seconds) and deleted, and coturn's log must show it.
//
// The test writes every datagram of the run, field by field, to
// <build>/tests/turn/turn-coturn-exchange.txt: docs/turn.md quotes it.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "common/random.h"
#include "common/trace.h"
#include "packet_printer.h"
#include "support/coturn.h"
#include "support/udp_socket.h"
#include "turn/turn.h"

using namespace lucid;
using lucid::testing::Coturn;
using lucid::testing::UdpSocket;
using lucid::turn::State;

namespace {

Timestamp now() { return from_steady(std::chrono::steady_clock::now()); }

// The client on a real socket, driven on the real clock; every datagram written to `log`.
struct Live {
  Live(const SocketAddress& server, turn::ClientConfig config, Random& random)
      : client(server, std::move(config), random), server(server), started(now()) {}

  void note(const char* direction, BytesView datagram) {
    log << "---- " << direction << " at +" << to_ms(now()) - to_ms(started) << " ms, "
        << datagram.size() << " bytes\n";
    if (auto parsed = stun::parse(datagram)) {
      examples::print_message(log, *parsed);
    } else {
      std::string hex;
      for (std::uint8_t b : datagram) {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%02x ", b);
        hex += buf;
      }
      log << "  ChannelData: " << hex << "\n";
    }
  }
  void flush_out() {
    while (auto datagram = client.poll_transmit()) {
      note("lucid -> coturn", *datagram);
      socket.send_to(*datagram, server);
    }
    while (auto e = client.poll_event()) events.push_back(*e);
  }
  // Runs until `done()` or `limit` passes; what the relay hands back goes to `received`.
  bool run(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    flush_out();
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::chrono::milliseconds wait(20);
      if (auto t = client.poll_timeout())
        wait = std::clamp(std::chrono::ceil<std::chrono::milliseconds>(*t - now()),
                          std::chrono::milliseconds(1), wait);
      if (auto datagram = socket.receive(wait)) {
        note("coturn -> lucid", datagram->data);
        if (datagram->source == server) {
          if (auto got = client.handle_input(datagram->data, now()))
            received.push_back({got->peer, Bytes(got->data.begin(), got->data.end()), got->via_channel});
        }
      }
      client.handle_timeout(now());
      flush_out();
    }
    return true;
  }
  template <typename T>
  bool has_event() const {
    for (const auto& e : events)
      if (std::holds_alternative<T>(e)) return true;
    return false;
  }

  struct Got {
    SocketAddress peer;
    Bytes data;
    bool via_channel;
  };
  UdpSocket socket;
  turn::Client client;
  SocketAddress server;
  Timestamp started;
  std::vector<turn::Event> events;
  std::vector<Got> received;
  std::ostringstream log;
};

}  // namespace

TEST_CASE("coturn: allocate, relay to a UDP peer and back by Send indication and ChannelData, refresh, deallocate") {
  REQUIRE(Coturn::available());
  Coturn coturn;
  coturn.start("lucid", "lucid-password", "lucid.test");
  std::vector<std::string> trace_lines;
  trace::enable("turn");
  trace::set_sink([&](std::string_view, std::string_view line) { trace_lines.emplace_back(line); });

  SeededRandom random(8656);
  turn::ClientConfig config;
  config.username = "lucid";
  config.password = "lucid-password";
  // Refresh within seconds rather than minutes, so the test sees coturn answer each kind.
  config.refresh_margin = std::chrono::seconds(599);
  config.permission_refresh = std::chrono::seconds(2);
  config.channel_refresh = std::chrono::seconds(2);
  Live live(coturn.address(), config, random);
  UdpSocket peer;
  const SocketAddress peer_address = peer.local_address();

  // Allocate: 401, then the signed request, then the relayed address on 127.0.0.1.
  live.client.allocate(now());
  REQUIRE(live.run([&] { return live.client.state() != State::Allocating; }, std::chrono::seconds(20)));
  INFO(coturn.log());
  REQUIRE(live.client.state() == State::Allocated);
  const SocketAddress relayed = *live.client.relayed_address();
  CHECK(relayed.ip.to_string() == "127.0.0.1");
  CHECK(live.client.mapped_address() == live.socket.local_address());

  // Permission, then a Send indication that coturn relays to the peer from the relayed address.
  live.client.create_permission(peer_address.ip, now());
  REQUIRE(live.run([&] { return live.client.has_permission(peer_address.ip); }, std::chrono::seconds(10)));
  REQUIRE(live.client.send(peer_address, to_bytes("to the peer, in a Send indication")));
  live.flush_out();
  auto at_peer = peer.receive(std::chrono::milliseconds(2000));
  REQUIRE(at_peer);
  CHECK(at_peer->source == relayed);
  CHECK(at_peer->data == to_bytes("to the peer, in a Send indication"));
  // The peer answers the relayed address; coturn wraps it in a Data indication.
  peer.send_to(to_bytes("back, in a Data indication"), relayed);
  REQUIRE(live.run([&] { return !live.received.empty(); }, std::chrono::seconds(5)));
  CHECK(live.received[0].peer == peer_address);
  CHECK(live.received[0].data == to_bytes("back, in a Data indication"));
  CHECK_FALSE(live.received[0].via_channel);

  // A channel: from now on 4-byte ChannelData headers, both ways.
  REQUIRE(live.client.bind_channel(peer_address, now()) == 0x4000);
  REQUIRE(live.run([&] { return live.client.channel_for(peer_address).has_value(); },
                   std::chrono::seconds(10)));
  REQUIRE(live.client.send(peer_address, to_bytes("to the peer, in ChannelData")));
  live.flush_out();
  at_peer = peer.receive(std::chrono::milliseconds(2000));
  REQUIRE(at_peer);
  CHECK(at_peer->source == relayed);
  CHECK(at_peer->data == to_bytes("to the peer, in ChannelData"));
  peer.send_to(to_bytes("back, in ChannelData"), relayed);
  REQUIRE(live.run([&] { return live.received.size() >= 2; }, std::chrono::seconds(5)));
  CHECK(live.received[1].data == to_bytes("back, in ChannelData"));
  CHECK(live.received[1].via_channel);

  // Refreshes: about every second for the allocation, every 2 s for permission and channel.
  const auto refreshed = [&](const std::string& piece) {
    int n = 0;
    for (const auto& l : trace_lines) n += l.find(piece) != std::string::npos;
    return n;
  };
  REQUIRE(live.run([&] {
    return refreshed("allocation refreshed") >= 2 && refreshed("permission for 127.0.0.1 refreshed") >= 1 &&
           refreshed("channel 0x4000 refreshed") >= 1;
  }, std::chrono::seconds(15)));
  CHECK(live.client.state() == State::Allocated);

  // Deallocate: Refresh with LIFETIME 0.
  live.client.close(now());
  REQUIRE(live.run([&] { return live.client.state() == State::Closed; }, std::chrono::seconds(20)));
  CHECK(live.has_event<turn::ClosedEvent>());
  CHECK_FALSE(live.has_event<turn::AllocationFailedEvent>());

  trace::reset_sink();
  trace::disable_all();
  std::string all;
  for (const auto& l : trace_lines) all += "[turn] " + l + "\n";
  std::ofstream(std::string(LUCID_BINARY_DIR) + "/tests/turn/turn-coturn-exchange.txt")
      << all << "\n" << live.log.str();
  INFO(all);
  CHECK(std::find(trace_lines.begin(), trace_lines.end(),
                  "allocation deleted by the server (Refresh with LIFETIME 0 answered)") != trace_lines.end());
  // coturn's own account (its --verbose log, support/coturn.h): each request processed, and
  // the session refreshed with lifetime 0, which deletes it.
  coturn.stop();
  const std::string log = coturn.log();
  INFO(log);
  CHECK(log.find("incoming packet ALLOCATE processed, success") != std::string::npos);
  CHECK(log.find("incoming packet CREATE_PERMISSION processed, success") != std::string::npos);
  CHECK(log.find("incoming packet CHANNEL_BIND processed, success") != std::string::npos);
  CHECK(log.find("username=<lucid>, lifetime=0") != std::string::npos);
}

TEST_CASE("coturn: wrong credentials fail the allocation with 401, as a state and an event") {
  REQUIRE(Coturn::available());
  Coturn coturn;
  coturn.start("lucid", "lucid-password", "lucid.test");
  SeededRandom random(441);
  turn::ClientConfig config;
  config.username = "lucid";
  config.password = "not-the-password";
  Live live(coturn.address(), config, random);
  live.client.allocate(now());
  REQUIRE(live.run([&] { return live.client.state() != State::Allocating; }, std::chrono::seconds(20)));
  CHECK(live.client.state() == State::Failed);
  REQUIRE(live.has_event<turn::AllocationFailedEvent>());
  for (const auto& e : live.events)
    if (const auto* f = std::get_if<turn::AllocationFailedEvent>(&e)) CHECK(f->code == 401);
}
