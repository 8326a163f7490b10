// dtls::Transport against OpenSSL's own command-line peers, over real UDP on 127.0.0.1:
// `openssl s_server -dtls1_2` with lucid as the DTLS client, `openssl s_client -dtls1_2` with
// lucid as the server. Application data goes both ways, and the SRTP keying material lucid
// exports must equal what openssl prints with -keymatexport EXTRACTOR-dtls_srtp.
#include <signal.h>

#include <catch2/catch.hpp>
#include <string>

#include "common/hex.h"
#include "common/random.h"
#include "dtls/dtls.h"
#include "udp_harness.h"

using namespace lucid;
using namespace lucid::dtls;
using namespace lucid::test;
using namespace std::chrono_literals;

namespace {

// What openssl prints after "Keying material: ", as bytes.
std::optional<Bytes> keying_material(const std::string& output) {
  const std::string marker = "Keying material: ";
  const auto at = output.find(marker);
  if (at == std::string::npos) return std::nullopt;
  const auto end = output.find_first_of("\r\n", at);
  auto bytes = from_hex(output.substr(at + marker.size(), end - at - marker.size()));
  if (!bytes) return std::nullopt;
  return *bytes;
}

// client_write_key | server_write_key | client_write_salt | server_write_salt (RFC 5764 §4.2)
Bytes concatenated(const SrtpKeys& k) {
  Bytes out;
  for (const Bytes* part :
       {&k.client_write_key, &k.server_write_key, &k.client_write_salt, &k.server_write_salt})
    out.insert(out.end(), part->begin(), part->end());
  return out;
}

bool contains(const std::vector<std::string>& texts, const std::string& needle) {
  for (const auto& t : texts)
    if (t.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("lucid as DTLS client completes a handshake with openssl s_server and exchanges data") {
  TempDir dir("dtls-s_server");
  const Certificate server_cert = Certificate::generate();  // given to openssl as PEM files
  dir.write("server.pem", server_cert.certificate_pem());
  dir.write("server.key", server_cert.private_key_pem());
  const std::uint16_t port = free_udp_port();

  Subprocess server({"openssl", "s_server", "-dtls1_2", "-accept",
                     "127.0.0.1:" + std::to_string(port), "-cert", dir.file("server.pem"), "-key",
                     dir.file("server.key"), "-verify", "1", "-use_srtp",
                     "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80", "-keymatexport",
                     "EXTRACTOR-dtls_srtp", "-keymatexportlen", "56", "-mtu", "1200"});
  REQUIRE(server.wait_for_output("ACCEPT", 10s));

  Transport client(Role::Client, Certificate::generate());
  client.set_remote_fingerprints({server_cert.fingerprint()});
  UdpEndpoint endpoint(client, loopback(port));
  client.start(real_now());
  pump(
      {&endpoint}, [&] { return endpoint.connected() || endpoint.failed(); }, 15s,
      [&] { server.output(); });
  INFO(server.output());
  REQUIRE(endpoint.failure() == "");
  REQUIRE(endpoint.connected());
  // s_server asks for a cookie, so this handshake has all six flights.
  CHECK(client.cipher_suite() == "ECDHE-ECDSA-AES128-GCM-SHA256");
  CHECK(client.extended_master_secret());

  // lucid -> openssl: s_server prints what it receives.
  REQUIRE(client.send(to_bytes(std::string("hello from lucid\n"))).ok());
  endpoint.flush();
  CHECK(server.wait_for_output("hello from lucid", 5s));
  // openssl -> lucid: s_server sends what it reads on stdin.
  server.write_stdin("hello from openssl s_server\n");
  pump(
      {&endpoint},
      [&] { return contains(endpoint.received_text(), "hello from openssl s_server"); }, 5s);
  CHECK(contains(endpoint.received_text(), "hello from openssl s_server"));

  // Both ends exported the same DTLS-SRTP keying material.
  REQUIRE(client.srtp_keys().has_value());
  CHECK(client.srtp_keys()->profile == SrtpProfile::AeadAes128Gcm);
  const auto theirs = keying_material(server.output());
  REQUIRE(theirs.has_value());
  CHECK(to_hex(*theirs) == to_hex(concatenated(*client.srtp_keys())));

  // close_notify makes s_server end the connection ("DONE").
  client.close();
  endpoint.flush();
  const bool closed = server.wait_for_output("DONE", 5s);
  INFO(server.output());
  CHECK(closed);
}

TEST_CASE("lucid as DTLS server completes a handshake with openssl s_client and exchanges data") {
  TempDir dir("dtls-s_client");
  const Certificate client_cert = Certificate::generate();
  dir.write("client.pem", client_cert.certificate_pem());
  dir.write("client.key", client_cert.private_key_pem());

  Transport lucid_server(Role::Server, Certificate::generate());
  lucid_server.set_remote_fingerprints({client_cert.fingerprint()});
  UdpEndpoint endpoint(lucid_server);  // learns openssl's address from its ClientHello
  lucid_server.start(real_now());

  Subprocess client({"openssl", "s_client", "-dtls1_2", "-connect",
                     "127.0.0.1:" + std::to_string(endpoint.socket.port()), "-cert",
                     dir.file("client.pem"), "-key", dir.file("client.key"), "-use_srtp",
                     "SRTP_AES128_CM_SHA1_80", "-keymatexport", "EXTRACTOR-dtls_srtp",
                     "-keymatexportlen", "60", "-mtu", "1200"});
  pump(
      {&endpoint}, [&] { return endpoint.connected() || endpoint.failed(); }, 15s,
      [&] { client.output(); });
  INFO(client.output());
  REQUIRE(endpoint.failure() == "");
  REQUIRE(endpoint.connected());
  REQUIRE(client.wait_for_output("Keying material", 5s));
  CHECK(lucid_server.cipher_suite() == "ECDHE-ECDSA-AES128-GCM-SHA256");
  CHECK(client.output().find("ECDHE-ECDSA-AES128-GCM-SHA256") != std::string::npos);
  // The fingerprint lucid checked is the one of the certificate openssl was given.
  CHECK(lucid_server.remote_fingerprint() == client_cert.fingerprint());

  client.write_stdin("hello from openssl s_client\n");
  pump(
      {&endpoint},
      [&] { return contains(endpoint.received_text(), "hello from openssl s_client"); }, 5s);
  CHECK(contains(endpoint.received_text(), "hello from openssl s_client"));
  REQUIRE(lucid_server.send(to_bytes(std::string("hello from lucid\n"))).ok());
  endpoint.flush();
  CHECK(client.wait_for_output("hello from lucid", 5s));

  // s_client offered only SRTP_AES128_CM_SHA1_80: 16-byte keys, 14-byte salts, 60 bytes in all.
  REQUIRE(lucid_server.srtp_keys().has_value());
  CHECK(lucid_server.srtp_keys()->profile == SrtpProfile::Aes128CmHmacSha1_80);
  const auto theirs = keying_material(client.output());
  REQUIRE(theirs.has_value());
  CHECK(to_hex(*theirs) == to_hex(concatenated(*lucid_server.srtp_keys())));
}

TEST_CASE("lucid refuses openssl s_server when its certificate is not the one in the SDP") {
  TempDir dir("dtls-s_server-wrong");
  const Certificate server_cert = Certificate::generate();
  dir.write("server.pem", server_cert.certificate_pem());
  dir.write("server.key", server_cert.private_key_pem());
  const std::uint16_t port = free_udp_port();
  Subprocess server({"openssl", "s_server", "-dtls1_2", "-accept",
                     "127.0.0.1:" + std::to_string(port), "-cert", dir.file("server.pem"), "-key",
                     dir.file("server.key"), "-verify", "1"});
  REQUIRE(server.wait_for_output("ACCEPT", 10s));

  Transport client(Role::Client, Certificate::generate());
  client.set_remote_fingerprints({Certificate::generate().fingerprint()});  // someone else's
  UdpEndpoint endpoint(client, loopback(port));
  client.start(real_now());
  pump(
      {&endpoint}, [&] { return endpoint.connected() || endpoint.failed(); }, 15s);
  CHECK_FALSE(endpoint.connected());
  CHECK_THAT(endpoint.failure(), Catch::Contains("fingerprint mismatch"));
  // openssl learns why: lucid's bad_certificate alert.
  CHECK(server.wait_for_output("bad certificate", 5s));
}
