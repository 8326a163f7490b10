// The Driver running PeerConnections over real UDP on 127.0.0.1: the sans-IO connection is
// given every datagram that arrives, its timeouts, and its transmits are sent from the socket
// they name.
#include <catch2/catch.hpp>

#include <string>

#include "net/driver.h"

using namespace lucid;
using namespace lucid::net;
using namespace std::chrono_literals;

namespace {

UdpSocket loopback_socket() {
  auto s = UdpSocket::bind(*SocketAddress::parse("127.0.0.1:0"));
  REQUIRE(s.ok());
  return std::move(*s);
}

PeerConnectionConfiguration named(std::string name) {
  PeerConnectionConfiguration c;
  c.name = std::move(name);
  return c;
}

bool gathered(const PeerConnection& pc) {
  return pc.ice_gathering_state() == IceGatheringState::Complete;
}

// Counts what arrives on a socket nobody else reads.
int drain_count(UdpSocket& socket) {
  int n = 0;
  while (true) {
    auto r = socket.receive_from();
    if (!r.ok() || !r->has_value()) return n;
    ++n;
  }
}

// `answerer` writes an answer to `offerer`'s offer whose one candidate is `address`; it is never
// driven, so nothing answers there unless the test binds a socket to it.
void answer_from(PeerConnection& offerer, Driver& driver, PeerConnection& answerer,
                 const SocketAddress& address, EventLoop& loop) {
  answerer.add_local_address(address);
  offerer.set_local_description(offerer.create_offer(), EventLoop::now());
  driver.service();
  REQUIRE(loop.run_until([&] { return gathered(offerer); }, 5s));
  REQUIRE(answerer.set_remote_description(*offerer.local_description(), EventLoop::now()).ok());
  answerer.set_local_description(answerer.create_answer(), EventLoop::now());
  REQUIRE(gathered(answerer));  // host candidates only: complete at once
  REQUIRE(offerer.set_remote_description(*answerer.local_description(), EventLoop::now()).ok());
  driver.service();
}

}  // namespace

TEST_CASE("the driver carries two peer connections over real UDP until both are connected") {
  EventLoop loop;
  PeerConnection a(named("a")), b(named("b"));
  Driver driver_a(loop, a), driver_b(loop, b);
  a.add_local_address(driver_a.add_socket(loopback_socket()));
  b.add_local_address(driver_b.add_socket(loopback_socket()));

  a.set_local_description(a.create_offer(), EventLoop::now());
  driver_a.service();  // a command given from outside: send what it queued, arm its timer
  REQUIRE(loop.run_until([&] { return gathered(a); }, 5s));
  REQUIRE(b.set_remote_description(*a.local_description(), EventLoop::now()).ok());
  b.set_local_description(b.create_answer(), EventLoop::now());
  driver_b.service();
  REQUIRE(loop.run_until([&] { return gathered(b); }, 5s));
  REQUIRE(a.set_remote_description(*b.local_description(), EventLoop::now()).ok());
  driver_a.service();

  CHECK(loop.run_until(
      [&] {
        return a.connection_state() == PeerConnectionState::Connected &&
               b.connection_state() == PeerConnectionState::Connected;
      },
      10s));
  // Both directions carried STUN and DTLS, each counted by the layer its first byte names.
  CHECK(driver_a.received().stun.units > 0);
  CHECK(driver_a.received().dtls_handshake.units > 0);
  CHECK(driver_b.sent().dtls_application_data.units > 0);
}

TEST_CASE("the driver gives the connection its timeouts when no datagram comes") {
  // Nobody answers at the peer's candidate, so only the check retransmission timer makes
  // progress (RFC 8445 §14.3).
  EventLoop loop;
  UdpSocket silent = loopback_socket();  // bound but never answered
  PeerConnection a(named("a")), b(named("b"));
  Driver driver(loop, a);
  a.add_local_address(driver.add_socket(loopback_socket()));
  answer_from(a, driver, b, silent.local_address(), loop);

  int arrived = 0;
  CHECK(loop.run_until(
      [&] {
        arrived += drain_count(silent);
        return arrived >= 3;
      },
      10s));
  CHECK(a.ice_connection_state() == IceConnectionState::Checking);
}

TEST_CASE("the driver drops a transmit whose local address has no socket") {
  EventLoop loop;
  UdpSocket receiver = loopback_socket();
  PeerConnection a(named("a")), b(named("b"));
  Driver driver(loop, a);
  driver.add_socket(loopback_socket());
  // The connection is told of an address the driver owns no socket for: its checks from
  // there have nowhere to leave from.
  a.add_local_address(*SocketAddress::parse("127.0.0.1:9"));
  answer_from(a, driver, b, receiver.local_address(), loop);
  loop.run_until([] { return false; }, 700ms);  // the first check and a retransmission
  CHECK(drain_count(receiver) == 0);
  CHECK(driver.sent().datagrams == 0);
}
