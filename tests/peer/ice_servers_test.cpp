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
