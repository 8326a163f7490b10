// Real UDP sockets on loopback.
#include <catch2/catch.hpp>

#include <thread>

#include "net/udp_socket.h"

using namespace lucid;
using namespace lucid::net;

namespace {
const SocketAddress kAnyPortOnLoopback = *SocketAddress::parse("127.0.0.1:0");

// Waits (briefly, by polling the non-blocking socket) for the datagram sent over loopback.
std::optional<Datagram> receive(UdpSocket& socket) {
  for (int i = 0; i < 1000; ++i) {
    auto r = socket.receive_from();
    REQUIRE(r.ok());
    if (r->has_value()) return **r;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return std::nullopt;
}
}  // namespace

TEST_CASE("a socket bound to port 0 learns the port the system gave it") {
  auto socket = UdpSocket::bind(kAnyPortOnLoopback);
  REQUIRE(socket.ok());
  CHECK(socket->local_address().ip.to_string() == "127.0.0.1");
  CHECK(socket->local_address().port != 0);
}

TEST_CASE("a datagram sent to a socket arrives intact with both of its ends") {
  auto a = UdpSocket::bind(kAnyPortOnLoopback);
  auto b = UdpSocket::bind(kAnyPortOnLoopback);
  REQUIRE((a.ok() && b.ok()));
  const Bytes hello = {0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42};
  REQUIRE(a->send_to(hello, b->local_address()).ok());

  const auto got = receive(*b);
  REQUIRE(got);
  CHECK(got->data == hello);
  CHECK(got->remote == a->local_address());
  CHECK(got->local == b->local_address());
}

TEST_CASE("receive on an empty socket says nothing is waiting instead of blocking") {
  auto a = UdpSocket::bind(kAnyPortOnLoopback);
  REQUIRE(a.ok());
  auto r = a->receive_from();
  REQUIRE(r.ok());
  CHECK_FALSE(r->has_value());
}

TEST_CASE("a socket bound to the wildcard address reports the address a datagram came in on") {
  auto wildcard = UdpSocket::bind(*SocketAddress::parse("0.0.0.0:0"));
  auto sender = UdpSocket::bind(kAnyPortOnLoopback);
  REQUIRE((wildcard.ok() && sender.ok()));
  const SocketAddress to{*IpAddress::parse("127.0.0.2"), wildcard->local_address().port};
  REQUIRE(sender->send_to(Bytes{1, 2, 3}, to).ok());
  const auto got = receive(*wildcard);
  REQUIRE(got);
  CHECK(got->local == to);  // 127.0.0.2, not 0.0.0.0
}

TEST_CASE("binding in a port range skips ports already taken") {
  // Find two free neighbouring ports by letting the system pick one, then take it.
  auto first = UdpSocket::bind(kAnyPortOnLoopback);
  REQUIRE(first.ok());
  const std::uint16_t taken = first->local_address().port;
  if (taken == 65535) return;  // no room above it for this test's range
  auto next = UdpSocket::bind(IpAddress(*IpAddress::parse("127.0.0.1")),
                              PortRange{taken, static_cast<std::uint16_t>(taken + 1)});
  if (!next.ok()) {
    // taken+1 happened to be in use by another program; the error must say the range.
    CHECK(next.error().message().find("no free port") != std::string::npos);
    return;
  }
  CHECK(next->local_address().port == taken + 1);
}

TEST_CASE("binding to an address the machine does not have fails with a readable error") {
  auto socket = UdpSocket::bind(*SocketAddress::parse("198.51.100.99:0"));
  REQUIRE_FALSE(socket.ok());
  CHECK(socket.error().where == "198.51.100.99:0");
  CHECK(socket.error().what.find("bind") == 0);
}

TEST_CASE("an IPv6 socket on ::1 exchanges datagrams") {
  auto a = UdpSocket::bind(*SocketAddress::parse("[::1]:0"));
  auto b = UdpSocket::bind(*SocketAddress::parse("[::1]:0"));
  if (!a.ok()) {
    WARN("no IPv6 loopback here: " << a.error().message());
    return;
  }
  REQUIRE(b.ok());
  REQUIRE(a->send_to(Bytes{9, 8, 7}, b->local_address()).ok());
  const auto got = receive(*b);
  REQUIRE(got);
  CHECK(got->data == Bytes{9, 8, 7});
  CHECK(got->remote == a->local_address());
  CHECK(got->local.ip.to_string() == "::1");
}

TEST_CASE("a moved-from socket no longer owns the descriptor") {
  auto a = UdpSocket::bind(kAnyPortOnLoopback);
  REQUIRE(a.ok());
  const int fd = a->fd();
  UdpSocket moved = std::move(*a);
  CHECK(moved.fd() == fd);
  CHECK(a->fd() == -1);
}
