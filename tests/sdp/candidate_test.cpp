// The a=candidate grammar (RFC 8839 §5.1) on its own, as trickled candidates arrive.
#include <catch2/catch.hpp>

#include "sdp/candidate.h"

using namespace lucid;
using namespace lucid::sdp;

TEST_CASE("a trickled candidate parses with or without its prefixes") {
  const char* forms[] = {
      "candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.2 rport 46154 generation 0 ufrag EsAw network-id 1",
      "a=candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.2 rport 46154 generation 0 ufrag EsAw network-id 1",
      "842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.2 rport 46154 generation 0 ufrag EsAw network-id 1",
      "a=candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.2 rport 46154 generation 0 ufrag EsAw network-id 1\r\n",
  };
  for (const char* form : forms) {
    INFO(form);
    auto c = Candidate::parse(form);
    REQUIRE(c.ok());
    CHECK(c->foundation == "842163049");
    CHECK(c->component == 1);
    CHECK(c->is_udp());
    CHECK(c->priority == 1677729535u);
    CHECK(c->ip() == IpAddress::parse("203.0.113.7"));
    CHECK(c->port == 46154);
    CHECK(c->type == CandidateType::ServerReflexive);
    CHECK(c->related_address == "10.0.0.2");
    CHECK(c->related_port == 46154);
    CHECK(c->extension("ufrag") == "EsAw");
    CHECK(c->extension("generation") == "0");
    CHECK_FALSE(c->extension("network-cost"));
    CHECK(c->to_string() ==
          "candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.2 rport 46154 generation 0 ufrag EsAw network-id 1");
  }
}

TEST_CASE("candidate types, IPv6, mDNS names and TCP candidates") {
  auto relay = Candidate::parse("candidate:3 1 UDP 41885439 198.51.100.9 61001 typ relay raddr 203.0.113.7 rport 50000");
  REQUIRE(relay.ok());
  CHECK(relay->type == CandidateType::Relayed);
  CHECK(relay->transport == "UDP");  // kept as written

  auto prflx = Candidate::parse("candidate:4 1 udp 1845501695 192.0.2.44 6000 typ prflx raddr 0.0.0.0 rport 0");
  REQUIRE(prflx.ok());
  CHECK(prflx->type == CandidateType::PeerReflexive);
  CHECK(prflx->related_port == 0);

  auto v6 = Candidate::parse("candidate:1 1 UDP 2122252543 2a02:a03f:3eb0:e000:b0aa:d60a:cff2:933c 44087 typ host");
  REQUIRE(v6.ok());
  REQUIRE(v6->ip());
  CHECK(v6->ip()->is_v6());

  auto mdns = Candidate::parse("candidate:1 1 udp 2113937151 f48832f3-5606-47f1-8cd3-af7c3563c5bf.local 52617 typ host generation 0 network-cost 999");
  REQUIRE(mdns.ok());
  CHECK(mdns->is_mdns());
  CHECK_FALSE(mdns->ip());

  auto tcp = Candidate::parse("candidate:195632406 1 tcp 1518280447 192.168.92.78 9 typ host tcptype active generation 0 network-id 1 network-cost 10");
  REQUIRE(tcp.ok());
  CHECK(tcp->is_tcp());
  CHECK(tcp->tcp_type == TcpType::Active);
  REQUIRE(tcp->extensions.size() == 3);
  CHECK(tcp->extensions[1] == std::pair<std::string, std::string>{"network-id", "1"});
  CHECK(tcp->value() == "195632406 1 tcp 1518280447 192.168.92.78 9 typ host tcptype active generation 0 network-id 1 network-cost 10");
}

TEST_CASE("a candidate built in code writes the RFC 8839 form") {
  Candidate c;
  c.foundation = "1";
  c.priority = 2130706431;
  c.address = "192.0.2.1";
  c.port = 5000;
  CHECK(c.to_string() == "candidate:1 1 UDP 2130706431 192.0.2.1 5000 typ host");
  auto back = Candidate::parse(c.to_string());
  REQUIRE(back.ok());
  CHECK(*back == c);
}

TEST_CASE("bad trickled candidates give an error, not a crash") {
  CHECK(Candidate::parse("").error().message() == "empty candidate");
  CHECK(Candidate::parse("candidate:").error().message() == "empty candidate");
  CHECK(Candidate::parse("candidate:1 1 udp 1 192.0.2.1 70000 typ host").error().message() == "port 70000 out of range");
  CHECK(Candidate::parse("candidate:1 1 udp 1 192.0.2.1 5 type host").error().message() == "expected 'typ' after the port, found 'type'");
  CHECK(Candidate::parse("candidate:1 1 udp 1 192.0.2.1 5 typ host raddr").error().message() == "extension 'raddr' has no value");
  CHECK(Candidate::parse("candidate:1 0 udp 1 192.0.2.1 5 typ host").error().message() == "component 0 out of range");
  CHECK(Candidate::parse("candidate:1 1 udp 99999999999999999999999 192.0.2.1 5 typ host").error().message() ==
        "priority '99999999999999999999999' is not a number");
  CHECK(Candidate::parse("candidate:1 1 u\"dp 1 192.0.2.1 5 typ host").error().message() == "transport 'u\"dp' is not a token");
}
