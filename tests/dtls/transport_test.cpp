// dtls::Transport: two transports on the simulated network, with its fake clock
// (two_transports.h).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "common/random.h"
#include "common/trace.h"
#include "dtls/dtls.h"
#include "transport_pair.h"
#include "two_transports.h"

using namespace lucid;
using namespace lucid::dtls;
using lucid::test::SimNetwork;
using lucid::test::TwoTransports;
using lucid::test::Peers;
using lucid::test::text;

TEST_CASE("two transports complete the DTLS 1.2 handshake with the WebRTC cipher suite") {
  Peers p;
  TwoTransports link(p.client, p.server);
  link.start();
  link.run_until_both_connected();

  REQUIRE(link.a().connected());
  REQUIRE(link.b().connected());
  CHECK(p.client.state() == State::Connected);
  CHECK(p.server.state() == State::Connected);
  CHECK(p.client.cipher_suite() == "ECDHE-ECDSA-AES128-GCM-SHA256");
  CHECK(p.server.cipher_suite() == "ECDHE-ECDSA-AES128-GCM-SHA256");
  CHECK(p.client.extended_master_secret());
  CHECK(p.server.extended_master_secret());
  // Each side saw the certificate whose fingerprint the other put in its SDP.
  CHECK(p.client.remote_fingerprint() == p.server.local_fingerprint());
  CHECK(p.server.remote_fingerprint() == p.client.local_fingerprint());
  CHECK(p.client.retransmissions() == 0);
}

TEST_CASE("both sides export the same SRTP keying material") {
  Peers p;
  TwoTransports link(p.client, p.server);
  link.start();
  link.run_until_both_connected();
  REQUIRE(link.a().connected());
  REQUIRE(link.b().connected());

  const auto& client_keys = p.client.srtp_keys();
  const auto& server_keys = p.server.srtp_keys();
  REQUIRE(client_keys.has_value());
  REQUIRE(server_keys.has_value());
  CHECK(*client_keys == *server_keys);
  CHECK(client_keys->profile == SrtpProfile::AeadAes128Gcm);
  // RFC 7714 §12: AEAD_AES_128_GCM keys are 16 bytes and salts 12.
  CHECK(client_keys->client_write_key.size() == 16);
  CHECK(client_keys->server_write_salt.size() == 12);
  CHECK(client_keys->client_write_key != client_keys->server_write_key);
  // What the client protects with, the server unprotects with.
  CHECK(client_keys->local_key(Role::Client) == server_keys->remote_key(Role::Server));
  CHECK(client_keys->local_salt(Role::Client) == server_keys->remote_salt(Role::Server));
  // The Connected event carries the same keys.
  REQUIRE(link.a().first<Connected>() != nullptr);
  CHECK(link.a().first<Connected>()->srtp_keys == client_keys);
}

TEST_CASE("application data passes both ways, intact and in order") {
  Peers p;
  TwoTransports link(p.client, p.server);
  link.start();
  link.run_until_both_connected();
  REQUIRE(p.client.state() == State::Connected);
  REQUIRE(p.server.state() == State::Connected);

  for (int i = 0; i < 5; ++i) {
    REQUIRE(p.client.send(text("client message " + std::to_string(i))).ok());
    REQUIRE(p.server.send(text("server message " + std::to_string(i))).ok());
  }
  Bytes big(1100);
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::uint8_t>(i * 7);
  REQUIRE(p.client.send(big).ok());
  link.collect();
  link.settle(std::chrono::seconds(1));

  const auto at_server = link.b().received_data();
  const auto at_client = link.a().received_data();
  REQUIRE(at_server.size() == 6);
  REQUIRE(at_client.size() == 5);
  for (int i = 0; i < 5; ++i) {
    CHECK(at_server[static_cast<std::size_t>(i)] == text("client message " + std::to_string(i)));
    CHECK(at_client[static_cast<std::size_t>(i)] == text("server message " + std::to_string(i)));
  }
  CHECK(at_server[5] == big);
  // The records on the wire are encrypted: the plaintext appears in no datagram.
  const std::string needle = "client message 0";
  for (const auto& d : link.a().sent)
    CHECK(std::string(d.begin(), d.end()).find(needle) == std::string::npos);
}

TEST_CASE("a record as large as TLS allows is carried, and a larger one is refused with an error") {
  Peers p;
  TwoTransports link(p.client, p.server);
  link.start();
  link.run_until_both_connected();
  REQUIRE(p.client.state() == State::Connected);

  const Bytes largest(16384, 0x5a);  // RFC 5246 §6.2.1: 2^14 bytes of plaintext per record
  REQUIRE(p.client.send(largest).ok());
  link.collect();
  link.settle(std::chrono::seconds(1));
  REQUIRE(link.b().received_data().size() == 1);
  CHECK(link.b().received_data()[0] == largest);

  const auto refused = p.client.send(Bytes(16385, 0x5a));
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().message(), Catch::Contains("does not fit one record"));
  CHECK(p.client.state() == State::Connected);
}

TEST_CASE("with a lossy network the handshake completes through retransmissions") {
  std::size_t total_retransmissions = 0;
  std::size_t total_dropped = 0;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    CAPTURE(seed);
    // Backing off 1, 2, 4, 8 ... s (RFC 6347 §4.2.4.1), a 20% loss can take a minute or two.
    TransportOptions patient;
    patient.handshake_timeout = std::chrono::seconds(300);
    Peers p(patient, patient);
    TwoTransports link(p.client, p.server, seed);
    link.net.everywhere.loss = 0.2;
    link.start();
    // The server is connected once it sends its last flight; the client only when that flight
    // arrives, which may take retransmissions of its own flight if the last one is lost.
    link.run_until([&] {
      return (link.a().connected() && link.b().connected()) || link.a().failed() ||
             link.b().failed();
    });
    CHECK(link.a().connected());
    CHECK(link.b().connected());
    CHECK_FALSE(link.a().failed());
    CHECK_FALSE(link.b().failed());
    CHECK(p.client.srtp_keys() == p.server.srtp_keys());
    total_retransmissions += p.client.retransmissions() + p.server.retransmissions();
    total_dropped += link.net.dropped_count();
  }
  CHECK(total_dropped > 0);
  CHECK(total_retransmissions > 0);
}

TEST_CASE("losing the whole first flight is repaired by the client's retransmission timer") {
  std::vector<std::string> lines;
  trace::enable("dtls");
  trace::set_sink([&lines](std::string_view, std::string_view line) { lines.emplace_back(line); });
  Peers p;
  TwoTransports link(p.client, p.server);
  int client_datagrams = 0;
  link.net.lose_if = [&](const SimNetwork::Sent& d) {
    return d.from == link.a().address && client_datagrams++ == 0;
  };
  link.start();
  link.run_until_both_connected();
  trace::reset_sink();
  trace::disable_all();
  // The trace tells the story: the timer fired after a second and the ClientHello went again.
  const auto fired =
      std::find(lines.begin(), lines.end(),
                "retransmission timer expired at 1000 ms: no answer to the last flight yet");
  REQUIRE(fired != lines.end());
  REQUIRE(fired + 1 != lines.end());
  CHECK_THAT(*(fired + 1), Catch::StartsWith("sent ClientHello (flight 1, again)"));
  CHECK(link.a().connected());
  CHECK(link.b().connected());
  CHECK(link.net.dropped_count() == 1);
  CHECK(p.client.retransmissions() >= 1);
  // RFC 6347 §4.2.4.1: the first retransmission comes after about a second.
  CHECK(link.now() >= at_ms(1000));
}

TEST_CASE(
    "every datagram fits the configured MTU, even when the certificate flight must be fragmented") {
  TransportOptions small;
  small.mtu = 300;
  Peers p(small, small);
  TwoTransports link(p.client, p.server);
  link.start();
  link.run_until_both_connected();
  REQUIRE(link.a().connected());
  REQUIRE(link.b().connected());
  for (const auto& d : link.a().sent) CHECK(d.size() <= 300);
  for (const auto& d : link.b().sent) CHECK(d.size() <= 300);
  // The server's flight (certificate, key exchange, ...) did not fit one datagram.
  CHECK(link.b().sent.size() > 2);
}

TEST_CASE("the default MTU is 1200 and an impossible MTU is refused") {
  Peers p;
  TwoTransports link(p.client, p.server);
  link.start();
  link.run_until_both_connected();
  for (const auto& d : link.b().sent) CHECK(d.size() <= 1200);

  TransportOptions tiny;
  tiny.mtu = 100;
  SeededRandom random(3);
  CHECK_THROWS_AS(Transport(Role::Client, Certificate::generate(random), tiny),
                  std::invalid_argument);
}

TEST_CASE("close() sends close_notify and the peer reports it closed") {
  Peers p;
  TwoTransports link(p.client, p.server);
  link.start();
  link.run_until_both_connected();
  REQUIRE(p.server.state() == State::Connected);

  p.client.close();
  link.collect();
  link.settle(std::chrono::seconds(1));

  CHECK(p.client.state() == State::Closed);
  CHECK(p.server.state() == State::Closed);
  REQUIRE(link.a().first<Closed>() != nullptr);
  REQUIRE(link.b().first<Closed>() != nullptr);
  CHECK_FALSE(link.a().first<Closed>()->by_peer);
  CHECK(link.b().first<Closed>()->by_peer);
  CHECK_THROWS_AS(p.client.send(text("late")), std::logic_error);
  CHECK_THROWS_AS(p.server.send(text("late")), std::logic_error);
  p.client.close();  // closing twice is harmless
  CHECK(p.client.state() == State::Closed);
}

TEST_CASE("the dtls trace narrates the handshake flights and the fingerprint check") {
  std::vector<std::string> lines;
  trace::enable("dtls");
  trace::set_sink([&lines](std::string_view, std::string_view line) { lines.emplace_back(line); });
  {
    Peers p;
    TwoTransports link(p.client, p.server);
    link.start();
    link.run_until_both_connected();
  }
  trace::reset_sink();
  trace::disable_all();

  auto has = [&lines](const std::string& needle) {
    for (const auto& l : lines)
      if (l.find(needle) != std::string::npos) return true;
    return false;
  };
  CHECK(has("sent ClientHello (flight 1)"));
  CHECK(has("received ClientHello (flight 1)"));
  CHECK(has("sent ServerHello (flight 4)"));
  CHECK(has("received Certificate (flight 4)"));
  CHECK(has("received ServerKeyExchange (flight 4)"));
  CHECK(has("received CertificateRequest (flight 4)"));
  CHECK(has("received ServerHelloDone (flight 4)"));
  CHECK(has("sent ClientKeyExchange (flight 5)"));
  CHECK(has("sent CertificateVerify (flight 5)"));
  CHECK(has("sent ChangeCipherSpec (flight 5)"));
  CHECK(has("sent Finished (flight 5)"));
  CHECK(has("received Finished (flight 6)"));
  CHECK(has("matches"));
  CHECK(has("handshake complete: cipher suite ECDHE-ECDSA-AES128-GCM-SHA256"));
}

TEST_CASE("the key log gets one NSS CLIENT_RANDOM line per session, the same from both ends") {
  const std::string client_path = std::string(LUCID_BINARY_DIR) + "/dtls_keylog_client_test.txt";
  const std::string server_path = std::string(LUCID_BINARY_DIR) + "/dtls_keylog_server_test.txt";
  std::remove(client_path.c_str());
  std::remove(server_path.c_str());
  {
    TransportOptions client_options;
    client_options.key_log = std::make_shared<KeyLog>(client_path);
    TransportOptions server_options;
    server_options.key_log = std::make_shared<KeyLog>(server_path);
    Peers p(client_options, server_options);
    TwoTransports link(p.client, p.server);
    link.start();
    link.run_until_both_connected();
    REQUIRE(link.a().connected());
  }
  auto read = [](const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  };
  const std::string client_log = read(client_path);
  const std::string server_log = read(server_path);
  // "CLIENT_RANDOM <64 hex digits> <96 hex digits>\n"
  REQUIRE(client_log.size() == 14 + 64 + 1 + 96 + 1);
  CHECK(client_log.rfind("CLIENT_RANDOM ", 0) == 0);
  CHECK(client_log.find_first_not_of("0123456789ABCDEFabcdef", 14) == 14 + 64);
  CHECK(client_log == server_log);
  std::remove(client_path.c_str());
  std::remove(server_path.c_str());
}

TEST_CASE("without a key log of its own, a transport writes to $SSLKEYLOGFILE when it is set") {
  const std::string path = std::string(LUCID_BINARY_DIR) + "/dtls_sslkeylogfile_test.txt";
  std::remove(path.c_str());
  ::setenv("SSLKEYLOGFILE", path.c_str(), 1);
  {
    Peers p;  // no TransportOptions::key_log on either side
    TwoTransports link(p.client, p.server);
    link.start();
    link.run_until_both_connected();
    REQUIRE(link.a().connected());
  }
  ::unsetenv("SSLKEYLOGFILE");
  std::ifstream in(path);
  std::string first;
  std::string second;
  std::getline(in, first);
  std::getline(in, second);
  // Both transports appended the same session's line.
  CHECK(first.rfind("CLIENT_RANDOM ", 0) == 0);
  CHECK(first == second);
  std::remove(path.c_str());

  CHECK(KeyLog::from_environment() == nullptr);  // unset again: no key log
}
