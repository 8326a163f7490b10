// lucid-demo as a process: it must reach "connected", deliver its messages both ways, tell the
// story of each layer on the way, and exit 0. With --pcap and --keylog it leaves both files.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "support/run_command.h"

namespace fs = std::filesystem;

namespace {

using Run = lucid::testing::CommandRun;

Run run_demo(const std::string& arguments) {
  return lucid::testing::run_command(std::string(LUCID_DEMO) + " " + arguments + " 2>&1");
}

bool says(const Run& run, const std::string& text) {
  return run.output.find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("lucid-demo connects, delivers its messages both ways and exits 0") {
  const Run run = run_demo("--messages 4");
  INFO(run.output);
  REQUIRE(run.status == 0);
  // Each layer's milestone, in the stack's own words.
  CHECK(says(run, "a=fingerprint:sha-256 "));                          // the offer and answer
  CHECK(says(run, "selected pair 127.0.0.1:"));                        // ICE
  CHECK(says(run, "matches"));                                         // the fingerprint check
  CHECK(says(run, "handshake complete: cipher suite"));                // DTLS
  CHECK(says(run, "INIT, INIT-ACK, COOKIE-ECHO, COOKIE-ACK done"));    // SCTP
  CHECK(says(run, "sending DATA_CHANNEL_OPEN"));                       // DCEP
  CHECK(says(run, "answering DATA_CHANNEL_ACK"));
  CHECK(says(run, "connectionState is connected"));
  // Every message arrived, and every answer.
  for (int i = 1; i <= 4; ++i)
    CHECK(says(run, "bob    app   received \"hello bob, this is message " + std::to_string(i)));
  CHECK(says(run, "channel \"chat\" (stream 1, open): 4 messages / 112 bytes sent"));
  CHECK(says(run, "lucid-demo: connected, 4 messages each way delivered."));
}

TEST_CASE("lucid-demo --pcap --keylog writes a capture and the DTLS secrets") {
  const fs::path dir =
      fs::temp_directory_path() / ("lucid-demo-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path pcap = dir / "demo.pcap", keys = dir / "demo.keys";
  const Run run = run_demo("--pcap '" + pcap.string() + "' --keylog '" + keys.string() + "'");
  INFO(run.output);
  REQUIRE(run.status == 0);
  REQUIRE(fs::exists(pcap));
  CHECK(fs::file_size(pcap) > 24);  // more than the pcap file header
  REQUIRE(fs::exists(keys));
  CHECK(fs::file_size(keys) > 0);
  fs::remove_all(dir);
}

TEST_CASE("lucid-demo refuses an unknown argument with status 2") {
  const Run run = run_demo("--no-such-option");
  CHECK(run.status == 2);
  CHECK(says(run, "usage: lucid-demo"));
}
