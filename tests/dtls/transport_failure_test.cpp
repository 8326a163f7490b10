// dtls::Transport when things go wrong: a certificate that is not the one in the SDP, garbage on
// the wire, a peer that never answers, API misuse. On the simulated network with its fake clock
// (two_transports.h).
#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>

#include "common/random.h"
#include "dtls/dtls.h"
#include "transport_pair.h"
#include "two_transports.h"

using namespace lucid;
using namespace lucid::dtls;
using lucid::test::SimNetwork;
using lucid::test::TwoTransports;
using lucid::test::Peers;
using lucid::test::text;

TEST_CASE(
    "a certificate that does not match the SDP fingerprint is refused on both sides, and no data "
    "passes") {
  SECTION("the client checks the server's certificate") {
    Peers p;
    SeededRandom other(99);
    p.client.set_remote_fingerprints({Certificate::generate(other).fingerprint()});
    TwoTransports link(p.client, p.server);
    link.start();
    link.run_until_both_connected();
    link.settle();

    REQUIRE(link.a().failed());
    REQUIRE(link.b().failed());
    CHECK_THAT(link.a().first<Failed>()->reason, Catch::Contains("fingerprint mismatch"));
    CHECK_THAT(link.b().first<Failed>()->reason, Catch::Contains("bad certificate"));
    CHECK_FALSE(link.a().connected());
    CHECK_FALSE(link.b().connected());
    CHECK(link.a().received_data().empty());
    CHECK(link.b().received_data().empty());
    CHECK_THROWS_AS(p.client.send(text("secret")), std::logic_error);
    CHECK_THROWS_AS(p.server.send(text("secret")), std::logic_error);
    CHECK_FALSE(p.client.srtp_keys().has_value());
  }
  SECTION("the server checks the client's certificate") {
    Peers p;
    SeededRandom other(98);
    p.server.set_remote_fingerprints({Certificate::generate(other).fingerprint()});
    TwoTransports link(p.client, p.server);
    link.start();
    link.run_until_both_connected();
    link.settle();

    REQUIRE(link.a().failed());
    REQUIRE(link.b().failed());
    CHECK_THAT(link.b().first<Failed>()->reason, Catch::Contains("fingerprint mismatch"));
    CHECK_THAT(link.a().first<Failed>()->reason, Catch::Contains("bad certificate"));
    CHECK_FALSE(link.a().connected());
    CHECK_FALSE(link.b().connected());
    CHECK(link.a().received_data().empty());
    CHECK(link.b().received_data().empty());
    CHECK_FALSE(p.server.srtp_keys().has_value());
  }
}

TEST_CASE(
    "garbage datagrams neither crash a transport nor break the handshake or an established "
    "session") {
  Peers p;
  TwoTransports link(p.client, p.server);
  SeededRandom random(42);
  auto garbage = [&random] {
    Bytes d(random.uniform(1, 300));
    random.fill(d);
    // Half of them look like DTLS records (RFC 7983 first byte 20..63, version 0xfefd).
    if (random.uniform(0, 1) == 0 && d.size() >= 13) {
      d[0] = static_cast<std::uint8_t>(random.uniform(20, 25));
      d[1] = 0xfe;
      d[2] = 0xfd;
    }
    return d;
  };

  link.start();
  for (int i = 0; i < 50; ++i) {  // during the handshake
    link.inject(0, garbage());
    link.inject(1, garbage());
  }
  link.run_until_both_connected();
  REQUIRE(link.a().connected());
  REQUIRE(link.b().connected());

  for (int i = 0; i < 200; ++i) {  // once established
    link.inject(0, garbage());
    link.inject(1, garbage());
  }
  // A record cut short, and an empty datagram.
  const Bytes first = link.a().sent.front();
  link.inject(1, Bytes(first.begin(), first.begin() + 7));
  link.inject(1, Bytes{});

  REQUIRE(p.client.send(text("still here")).ok());
  REQUIRE(p.server.send(text("me too")).ok());
  link.collect();
  link.settle(std::chrono::seconds(1));
  CHECK(p.client.state() == State::Connected);
  CHECK(p.server.state() == State::Connected);
  REQUIRE(link.b().received_data().size() == 1);
  REQUIRE(link.a().received_data().size() == 1);
  CHECK(link.b().received_data()[0] == text("still here"));
  CHECK(link.a().received_data()[0] == text("me too"));
}

TEST_CASE("a handshake that gets no answer fails with a reason after the handshake timeout") {
  Peers p;
  TwoTransports link(p.client, p.server);
  link.net.lose_if = [](const SimNetwork::Sent&) { return true; };  // the peer is unreachable
  link.start();
  link.run_until([&] { return link.a().failed(); });

  REQUIRE(link.a().failed());
  CHECK(p.client.state() == State::Failed);
  CHECK_THAT(link.a().first<Failed>()->reason, Catch::Contains("handshake timed out"));
  CHECK_THAT(link.a().first<Failed>()->reason, Catch::Contains("30 s"));
  CHECK(p.client.retransmissions() >= 3);  // at 1, 3, 7, 15 s (RFC 6347 §4.2.4.1 doubling)
  CHECK(link.now() >= at_ms(30000));
  CHECK_FALSE(p.client.poll_timeout().has_value());
}

TEST_CASE(
    "without a deadline of its own, the handshake fails when OpenSSL's retransmissions give up") {
  TransportOptions patient;
  patient.handshake_timeout = std::chrono::hours(2);
  Peers p(patient, patient);
  TwoTransports link(p.client, p.server);
  link.net.lose_if = [](const SimNetwork::Sent&) { return true; };
  link.start();
  link.run_until([&] { return link.a().failed(); }, std::chrono::hours(1));

  REQUIRE(link.a().failed());
  CHECK_THAT(link.a().first<Failed>()->reason, Catch::Contains("OpenSSL gave up"));
  CHECK(p.client.retransmissions() >= 10);
}

TEST_CASE("a ClientHello that arrives before the server starts is answered once it does") {
  Peers p;
  TwoTransports link(p.client, p.server);
  p.client.start(link.now());
  auto hello = p.client.poll_transmit();
  REQUIRE(hello.has_value());
  link.net.advance_to(at_ms(5));
  p.server.handle_input(*hello, link.now());  // server not started: kept
  CHECK(p.server.state() == State::New);
  CHECK_FALSE(p.server.poll_transmit().has_value());

  link.net.advance_to(at_ms(10));
  p.server.start(link.now());  // answers the kept ClientHello
  link.collect();
  CHECK(link.b().sent.size() >= 1);
  link.run_until_both_connected();
  CHECK(link.a().connected());
  CHECK(link.b().connected());
}

TEST_CASE("misuse of the transport API throws") {
  SeededRandom random(5);
  Transport t(Role::Client, Certificate::generate(random));
  CHECK_THROWS_AS(t.start(at_ms(0)), std::logic_error);  // no remote fingerprint yet
  CHECK_THROWS_AS(t.send(text("too early")), std::logic_error);
  t.set_remote_fingerprints({Certificate::generate(random).fingerprint()});
  t.start(at_ms(0));
  CHECK(t.state() == State::Connecting);
  CHECK_THROWS_AS(t.start(at_ms(1)), std::logic_error);
  CHECK_THROWS_AS(t.set_remote_fingerprints({}), std::logic_error);
}
