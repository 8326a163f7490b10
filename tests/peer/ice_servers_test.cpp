#include <catch2/catch.hpp>

#include "peer/ice_servers.h"

using namespace lucid;

TEST_CASE("stun: URLs give the server address, 3478 when no port is given") {
  CHECK(parse_stun_url("stun:192.0.2.1:19302")->to_string() == "192.0.2.1:19302");
  CHECK(parse_stun_url("stun:192.0.2.1")->to_string() == "192.0.2.1:3478");
  CHECK(parse_stun_url("stun:[2001:db8::1]:3479")->to_string() == "[2001:db8::1]:3479");
  CHECK(parse_stun_url("stun:[2001:db8::1]")->to_string() == "[2001:db8::1]:3478");
}

TEST_CASE("stun: URLs with names, and other schemes, are errors that say why") {
  CHECK(parse_stun_url("stun:stun.invalid:19302").error().what.find("IP address") !=
        std::string::npos);
  CHECK(parse_stun_url("turn:192.0.2.1:3478").error().what == "TURN is not supported yet");
  CHECK(parse_stun_url("stuns:192.0.2.1").error().what == "STUN over TLS is not supported");
  CHECK(parse_stun_url("http://192.0.2.1").error().what == "not a stun: URL");
}

TEST_CASE("turn: and turns: URLs are read for host, port and transport, and told from stun:") {
  CHECK(is_turn_url("turn:192.0.2.1"));
  CHECK(is_turn_url("turns:192.0.2.1"));
  CHECK_FALSE(is_turn_url("stun:192.0.2.1"));

  auto plain = parse_turn_url("turn:192.0.2.1:3478?transport=udp");
  REQUIRE(plain.ok());
  CHECK_FALSE(plain->secure);
  CHECK(plain->host == "192.0.2.1");
  CHECK(plain->port == 3478);
  CHECK(plain->transport == "udp");

  // RFC 7065 §3.1: the host may be a name (lucid would not resolve it; TURN is not used yet),
  // and the port and the query are optional.
  auto named = parse_turn_url("turns:turn.invalid");
  REQUIRE(named.ok());
  CHECK(named->secure);
  CHECK(named->host == "turn.invalid");
  CHECK_FALSE(named->port);
  CHECK_FALSE(named->transport);

  auto v6 = parse_turn_url("turn:[2001:db8::1]:3479?transport=tcp");
  REQUIRE(v6.ok());
  CHECK(v6->host == "2001:db8::1");
  CHECK(v6->port == 3479);
  CHECK(v6->transport == "tcp");
}

TEST_CASE("malformed turn: URLs are errors that say why") {
  CHECK(parse_turn_url("turn:").error().what == "a turn: URL needs a host");
  CHECK(parse_turn_url("turn::3478").error().what == "a turn: URL needs a host");
  CHECK(parse_turn_url("turn:192.0.2.1:0").error().what ==
        "the port must be a number from 1 to 65535");
  CHECK(parse_turn_url("turn:192.0.2.1:http").error().what ==
        "the port must be a number from 1 to 65535");
  CHECK(parse_turn_url("turn:192.0.2.1?user=x").error().what.find("?transport=") !=
        std::string::npos);
  CHECK(parse_turn_url("turn:[2001:db8::1").error().what == "an IPv6 host needs its closing ]");
  CHECK(parse_turn_url("stun:192.0.2.1").error().what == "not a turn: URL");
}
