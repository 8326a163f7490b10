// PeerConnections on real UDP sockets on 127.0.0.1, driven by the event loop (net::PeerHost).
#include "net/peer_host.h"

#include <algorithm>
#include <catch2/catch.hpp>

#include <iostream>
#include <string>
#include <vector>

#include "common/trace.h"
#include "loopback_hosts.h"
#include "private_network.h"
#include "sdp/parser.h"
#include "support/coturn.h"

using namespace lucid;
using namespace lucid::net;
using namespace lucid::testing;

namespace {

bool connected(const PeerHost& h) {
  const auto s = h.ice_connection_state();
  return s == IceConnectionState::Connected || s == IceConnectionState::Completed;
}

}  // namespace

TEST_CASE("two peer hosts on loopback reach ICE connected over real UDP") {
  EventLoop loop;
  PeerHost a(loop, named("a"), loopback_only());
  PeerHost b(loop, named("b"), loopback_only());
  std::vector<IceConnectionState> a_states;
  a.on_ice_connection_state_change = [&](IceConnectionState s) { a_states.push_back(s); };

  exchange_descriptions(a, b, running(loop));

  CHECK(loop.run_until([&] { return connected(a) && connected(b); }, std::chrono::seconds(10)));
  REQUIRE_FALSE(a_states.empty());
  CHECK(a_states.front() == IceConnectionState::Checking);
  // The selected pair joins the two sockets the hosts bound.
  const auto* pair = a.connection().ice_agent()->selected_pair();
  REQUIRE(pair != nullptr);
  CHECK(pair->local.base == a.local_addresses().at(0));
  CHECK(pair->remote.address == b.local_addresses().at(0));
}

TEST_CASE("two peer hosts on loopback connect with trickled candidates") {
  EventLoop loop;
  PeerHost a(loop, named("a"), loopback_only());
  PeerHost b(loop, named("b"), loopback_only());
  // The signalling channel: candidates of one side go to the other once it has a description.
  std::vector<IceCandidateInit> to_a, to_b;
  a.on_ice_candidate = [&](const IceCandidateEvent& e) {
    to_b.push_back(e.candidate.value_or(IceCandidateInit{}));
  };
  b.on_ice_candidate = [&](const IceCandidateEvent& e) {
    to_a.push_back(e.candidate.value_or(IceCandidateInit{}));
  };

  a.set_local_description(a.create_offer());
  // The offer goes out at once, before any candidate; they follow through on_ice_candidate.
  REQUIRE(b.set_remote_description(*a.local_description()).ok());
  b.set_local_description(b.create_answer());
  REQUIRE(a.set_remote_description(*b.local_description()).ok());
  auto flush = [&] {
    for (const auto& c : to_a) REQUIRE(a.add_ice_candidate(c).ok());
    for (const auto& c : to_b) REQUIRE(b.add_ice_candidate(c).ok());
    to_a.clear();
    to_b.clear();
    return connected(a) && connected(b);
  };
  CHECK(loop.run_until(flush, std::chrono::seconds(10)));
}

TEST_CASE(
    "a peer host with a coturn STUN server behind a NAT gathers a server-reflexive candidate") {
  // scripts/setup installs coturn: its absence is a broken setup, not a reason to skip.
  REQUIRE(lucid::testing::Coturn::available());
  // Without a NAT, coturn on loopback sees our socket's own address, and RFC 8445 §5.1.3 drops
  // a server-reflexive candidate equal to its base. So the test makes its own network namespace
  // with a NAT that rewrites the source port of what goes to coturn.
  if (const std::string why = lucid::testing::PrivateNetwork::enter(); !why.empty()) {
    std::cout << "LUCID-SKIP: " << why << std::endl;
    return;
  }
  lucid::testing::Coturn coturn;
  coturn.start("lucid", "secret", "lucid.test");
  // The NAT's ports lie below the kernel's ephemeral range (32768-60999 by default), where our
  // socket's own port is chosen: SNAT keeps a source port that is already in its range, so a
  // socket that happened to get one (40190 inside 40000-40999, about 1 run in 28) went through
  // unchanged and coturn saw the base itself.
  REQUIRE(lucid::testing::PrivateNetwork::nat_udp_to_port(coturn.port(), 20000, 20999));

  EventLoop loop;
  PeerHost a(loop, named("a", {"stun:" + coturn.address().to_string()}), loopback_only());
  std::vector<std::string> candidates;
  a.on_ice_candidate = [&](const IceCandidateEvent& e) {
    if (e.candidate) candidates.push_back(e.candidate->candidate);
  };
  a.set_local_description(a.create_offer());
  REQUIRE(loop.run_until([&] { return gathered(a); }, std::chrono::seconds(10)));

  // "candidate:... 127.0.0.1 <port from the NAT's range> typ srflx raddr 127.0.0.1 rport <ours>"
  const SocketAddress base = a.local_addresses().at(0);
  std::optional<sdp::Candidate> srflx;
  for (const auto& line : candidates) {
    auto c = sdp::Candidate::parse(line);
    REQUIRE(c.ok());
    if (c->type == sdp::CandidateType::ServerReflexive) srflx = *c;
  }
  INFO("candidates: " << candidates.size());
  REQUIRE(srflx);
  CHECK(srflx->address == "127.0.0.1");
  CHECK(srflx->port >= 20000);
  CHECK(srflx->port <= 20999);
  CHECK(srflx->related_address == std::optional<std::string>("127.0.0.1"));
  CHECK(srflx->related_port == std::optional<std::uint16_t>(base.port));

  // The description sent without trickle carries it too.
  const auto offer = sdp::parse(a.local_description()->sdp);
  REQUIRE(offer.ok());
  bool in_description = false;
  for (const auto& c : offer->media[0].candidates)
    in_description |= c.type == sdp::CandidateType::ServerReflexive;
  CHECK(in_description);
}

TEST_CASE("a peer host hands a DTLS datagram to its connection, which keeps it until DTLS exists") {
  std::vector<std::string> lines;
  trace::disable_all();
  trace::enable("pc");
  trace::set_sink([&](std::string_view, std::string_view line) { lines.emplace_back(line); });

  EventLoop loop;
  PeerHost a(loop, named("a"), loopback_only());
  auto sender = UdpSocket::bind(*SocketAddress::parse("127.0.0.1:0"));
  REQUIRE(sender.ok());
  // A DTLS record header: content type 22 (handshake), version DTLS 1.2 (0xfefd). RFC 7983: the
  // demux sends first bytes 20-63 to DTLS; with no descriptions yet the connection keeps it.
  const Bytes client_hello_start = {22, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  REQUIRE(sender->send_to(client_hello_start, a.local_addresses().at(0)).ok());
  const std::string expected = "a: keeping a 13-byte DTLS datagram from " +
                               sender->local_address().to_string() +
                               " until both descriptions are set";
  const bool seen =
      loop.run_until([&] { return std::find(lines.begin(), lines.end(), expected) != lines.end(); },
                     std::chrono::seconds(5));
  trace::reset_sink();
  trace::disable_all();
  CHECK(seen);
}

TEST_CASE("a peer host binds its sockets in the configured port range") {
  // A range that is probably free: let the system pick a port, release it, and use it.
  std::uint16_t port = 0;
  {
    auto probe = UdpSocket::bind(*SocketAddress::parse("127.0.0.1:0"));
    REQUIRE(probe.ok());
    port = probe->local_address().port;
  }
  PeerHostOptions options = loopback_only();
  options.ports = PortRange{port, static_cast<std::uint16_t>(std::min(65535, port + 10))};
  EventLoop loop;
  PeerHost a(loop, named("a"), options);
  const std::uint16_t bound = a.local_addresses().at(0).port;
  CHECK(bound >= options.ports->min);
  CHECK(bound <= options.ports->max);
}
