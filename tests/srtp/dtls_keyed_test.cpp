// The whole path of the keys: a DTLS handshake on the simulated network negotiates use_srtp
// and exports the keying material (RFC 5764 §4.2); each side makes its SRTP session from it
// with its own role, and what one side protects the other unprotects.
#include <catch2/catch.hpp>

#include "dtls/transport_pair.h"
#include "dtls/two_transports.h"
#include "peer/srtp_keying.h"
#include "srtp/srtp.h"

using namespace lucid;
using lucid::test::Peers;
using lucid::test::TwoTransports;

TEST_CASE("SRTP sessions keyed from a real DTLS handshake talk to each other in both directions") {
  Peers p;
  TwoTransports link(p.client, p.server);
  link.start();
  link.run_until_both_connected();
  REQUIRE(p.client.srtp_keys());
  REQUIRE(p.server.srtp_keys());
  auto client = lucid::srtp_session(*p.client.srtp_keys(), dtls::Role::Client);
  auto server = lucid::srtp_session(*p.server.srtp_keys(), dtls::Role::Server);
  REQUIRE(client.ok());
  REQUIRE(server.ok());
  CHECK(client->profile() == srtp::Profile::AeadAes128Gcm);  // lucid's first choice, RFC 7714

  const Bytes rtp{0x80, 0x60, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 7, 'h', 'e', 'l', 'l', 'o'};
  const Bytes rtcp{0x81, 0xce, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 7};  // a PLI
  CHECK(server->unprotect_rtp(client->protect_rtp(rtp).value()).value() == rtp);
  CHECK(client->unprotect_rtcp(server->protect_rtcp(rtcp).value()).value() == rtcp);
  CHECK(client->unprotect_rtp(server->protect_rtp(rtp).value()).value() == rtp);
  CHECK(server->unprotect_rtcp(client->protect_rtcp(rtcp).value()).value() == rtcp);
  // The wrong role's keys do not fit: a side that took the other's role reads nothing.
  auto confused = lucid::srtp_session(*p.server.srtp_keys(), dtls::Role::Client);
  CHECK_FALSE(confused->unprotect_rtp(client->protect_rtp(rtp).value()).ok());
}
