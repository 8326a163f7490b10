#include <catch2/catch.hpp>

#include "peer/candidates.h"

using namespace lucid;

TEST_CASE("a host candidate becomes the a=candidate line a browser writes") {
  const ice::Candidate host =
      ice::make_host_candidate(*SocketAddress::parse("10.0.0.1:5000"), 65535);
  const sdp::Candidate line = to_sdp_candidate(host);
  CHECK(line.to_string() == "candidate:" + host.foundation + " 1 udp " +
                                std::to_string(host.priority) +
                                " 10.0.0.1 5000 typ host generation 0");
}

TEST_CASE("a server-reflexive candidate carries raddr and rport") {
  const auto srflx = ice::make_server_reflexive_candidate(
      *SocketAddress::parse("203.0.113.7:40000"), *SocketAddress::parse("10.0.0.1:5000"),
      *IpAddress::parse("198.51.100.1"), 65535);
  const sdp::Candidate line = to_sdp_candidate(srflx);
  CHECK(line.type == sdp::CandidateType::ServerReflexive);
  CHECK(line.related_address == std::optional<std::string>("10.0.0.1"));
  CHECK(line.related_port == std::optional<std::uint16_t>(5000));
}

TEST_CASE("a browser's candidate line becomes an ICE candidate and back") {
  const auto line = sdp::Candidate::parse(
      "candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.2 rport 46154 "
      "generation 0");
  REQUIRE(line.ok());
  const auto candidate = to_ice_candidate(*line);
  REQUIRE(candidate.ok());
  CHECK(candidate->type == ice::CandidateType::ServerReflexive);
  CHECK(candidate->address.to_string() == "203.0.113.7:46154");
  CHECK(candidate->priority == 1677729535u);
  CHECK(candidate->foundation == "842163049");
  CHECK(candidate->related_address == SocketAddress::parse("10.0.0.2:46154"));
  CHECK(to_sdp_candidate(*candidate).to_string() == line->to_string());
}

TEST_CASE("an mDNS candidate keeps its name for the agent to report") {
  const auto line = sdp::Candidate::parse(
      "candidate:1 1 udp 2122260223 1f4712db-ea17-4bcf-a596-105139dfd8bf.local 54321 typ host");
  REQUIRE(line.ok());
  const auto candidate = to_ice_candidate(*line);
  REQUIRE(candidate.ok());
  CHECK(candidate->hostname == "1f4712db-ea17-4bcf-a596-105139dfd8bf.local");
  CHECK(candidate->address.port == 54321);
}

TEST_CASE("a TCP candidate is refused with the reason") {
  const auto line =
      sdp::Candidate::parse("candidate:2 1 TCP 2105458943 10.0.0.1 9 typ host tcptype active");
  REQUIRE(line.ok());
  const auto candidate = to_ice_candidate(*line);
  REQUIRE_FALSE(candidate.ok());
  CHECK(candidate.error().what.find("ICE-TCP") != std::string::npos);
}
