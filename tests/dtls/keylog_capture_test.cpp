// A lucid-to-lucid DTLS session over real UDP on 127.0.0.1, captured by tshark, then decrypted by
// tshark with the key log lucid wrote: the application data must be readable in the capture.
// (tshark 4.0 decrypts DTLS 1.2 AES-GCM records given the CLIENT_RANDOM line; shared/BROWSERS.md.)
#include <signal.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "common/random.h"
#include "dtls/dtls.h"
#include "udp_harness.h"

using namespace lucid;
using namespace lucid::dtls;
using namespace lucid::test;
using namespace std::chrono_literals;

namespace {

// Runs a command to completion and returns everything it printed.
std::string run(const std::vector<std::string>& argv) {
  Subprocess p(argv);
  REQUIRE(p.wait_exit(60s));
  return p.output();
}

bool contains(const std::vector<std::string>& texts, const std::string& needle) {
  for (const auto& t : texts)
    if (t.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("tshark decrypts a captured lucid DTLS session with lucid's key log") {
  TempDir dir("dtls-capture");
  const std::string capture = dir.file("session.pcapng");
  const std::string keylog = dir.file("keylog.txt");

  const Certificate client_cert = Certificate::generate();
  const Certificate server_cert = Certificate::generate();
  TransportOptions logging;
  logging.key_log = std::make_shared<KeyLog>(keylog);
  Transport client(Role::Client, client_cert, logging);
  Transport server(Role::Server, server_cert);
  client.set_remote_fingerprints({server_cert.fingerprint()});
  server.set_remote_fingerprints({client_cert.fingerprint()});
  UdpEndpoint server_end(server);
  UdpEndpoint client_end(client, loopback(server_end.socket.port()));
  const std::string port = std::to_string(server_end.socket.port());

  // tshark says "Capturing on" a little before packets really reach it, and hands packets over
  // in blocks, a fraction of a second late. So the test proves each point with a probe: a
  // datagram to a port of our own (also in the capture filter), sent until tshark prints it
  // (-P prints a summary line per packet while writing the file, -l flushes each line).
  UdpSocket probe;
  const std::string probe_port = std::to_string(probe.port());
  Subprocess tshark({"tshark", "-i", "lo", "-f", "udp port " + port + " or udp port " + probe_port,
                     "-P", "-l", "-w", capture});
  auto probes_seen = [&] {
    std::size_t count = 0;
    std::istringstream lines(tshark.output());
    for (std::string line; std::getline(lines, line);)
      if (line.find(" " + probe_port + " ") != std::string::npos) ++count;
    return count;
  };
  auto probe_until_seen = [&] {
    const std::size_t before = probes_seen();
    for (int i = 0; i < 100; ++i) {
      probe.send_to(to_bytes(std::string("lucid capture probe")), loopback(probe.port()));
      while (probe.receive()) {
      }
      for (int j = 0; j < 10; ++j) {
        if (probes_seen() > before) return true;
        std::this_thread::sleep_for(20ms);
      }
    }
    return false;
  };
  REQUIRE(tshark.wait_for_output("Capturing on", 20s));
  REQUIRE(probe_until_seen());

  server.start(real_now());
  client.start(real_now());
  pump(
      {&client_end, &server_end}, [&] { return client_end.connected() && server_end.connected(); },
      15s);
  REQUIRE(client_end.connected());
  REQUIRE(server_end.connected());
  REQUIRE(client.send(to_bytes(std::string("hello wireshark, from the lucid client"))).ok());
  REQUIRE(server.send(to_bytes(std::string("and hello back from the lucid server"))).ok());
  pump(
      {&client_end, &server_end},
      [&] { return !server_end.received_text().empty() && !client_end.received_text().empty(); },
      5s);
  REQUIRE(contains(server_end.received_text(), "hello wireshark"));
  client.close();
  pump(
      {&client_end, &server_end}, [&] { return server.state() == State::Closed; }, 5s);
  REQUIRE(probe_until_seen());  // so everything sent before it has reached the capture file too
  const bool stopped = tshark.stop(SIGINT, 30s);
  INFO(tshark.output());
  REQUIRE(stopped);

  // The key log holds the session's CLIENT_RANDOM line.
  std::ifstream log_file(keylog);
  std::string log_line;
  std::getline(log_file, log_line);
  CHECK(log_line.rfind("CLIENT_RANDOM ", 0) == 0);

  // Decrypted with the key log, the application data records show their text ...
  auto decrypted_text = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> argv{"tshark",
                                  "-r",
                                  capture,
                                  "-d",
                                  "udp.port==" + port + ",dtls",
                                  "-Y",
                                  "dtls.record.content_type == 23",
                                  "-T",
                                  "fields",
                                  "-e",
                                  "data.text",
                                  "-o",
                                  "data.show_as_text:TRUE"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run(argv);
  };
  const std::string decrypted = decrypted_text({"-o", "tls.keylog_file:" + keylog});
  INFO(decrypted);
  CHECK(decrypted.find("hello wireshark, from the lucid client") != std::string::npos);
  CHECK(decrypted.find("and hello back from the lucid server") != std::string::npos);
  // ... and without it they stay ciphertext.
  const std::string without_key_log = decrypted_text({});
  CHECK(without_key_log.find("hello wireshark") == std::string::npos);
}
