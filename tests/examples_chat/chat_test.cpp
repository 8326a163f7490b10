// `caller` and `callee` as a person uses them in two terminals (docs/tutorial.md): the offer line
// the caller prints is pasted into the callee, the answer line back, then each side types.
// Pipes stand in for the person; both bind 127.0.0.1 only.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "child_process.h"

using lucid::testing::ChildProcess;
using namespace std::chrono_literals;

namespace {

const std::vector<std::string> kLoopback = {"--bind", "127.0.0.1"};

// Says what both programs wrote on stderr when a check fails.
std::string logs(const ChildProcess& caller, const ChildProcess& callee) {
  return "caller's stderr:\n" + caller.stderr_text() + "\ncallee's stderr:\n" +
         callee.stderr_text();
}

// Pastes the caller's offer into the callee and the callee's answer into the caller.
void exchange_descriptions(ChildProcess& caller, ChildProcess& callee) {
  const auto offer = caller.read_line(10s);
  INFO(logs(caller, callee));
  REQUIRE(offer);
  callee.write_line(*offer);
  const auto answer = callee.read_line(10s);
  REQUIRE(answer);
  caller.write_line(*answer);
}

}  // namespace

TEST_CASE("caller and callee connect over loopback and chat both ways") {
  ChildProcess caller(LUCID_CALLER, kLoopback);
  ChildProcess callee(LUCID_CALLEE, kLoopback);
  exchange_descriptions(caller, callee);

  // Typed before the channel is open: sent as soon as it is.
  caller.write_line("hello from the caller");
  INFO(logs(caller, callee));
  CHECK(callee.read_until("peer: hello from the caller", 10s));
  callee.write_line("grüße zurück ✓ from the callee");
  CHECK(caller.read_until("peer: grüße zurück ✓ from the callee", 5s));
  caller.write_line("and one more");
  CHECK(callee.read_until("peer: and one more", 5s));

  // The callee's channel came by "datachannel" and then "open": it says so once, not twice.
  const auto count = [](const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  };
  CHECK(count(callee.stderr_text(), "callee: data channel \"chat\" is open") == 1);
  CHECK(count(caller.stderr_text(), "caller: data channel \"chat\" is open") == 1);
}

TEST_CASE("caller and callee exit with status 0 when their stdin ends") {
  ChildProcess caller(LUCID_CALLER, kLoopback);
  ChildProcess callee(LUCID_CALLEE, kLoopback);
  exchange_descriptions(caller, callee);
  caller.write_line("bye");
  INFO(logs(caller, callee));
  REQUIRE(callee.read_until("peer: bye", 10s));

  // The caller hangs up: it closes the channel and the connection; the callee sees the channel
  // close and ends too, without waiting for its own stdin.
  caller.close_stdin();
  CHECK(caller.wait(5s) == 0);
  CHECK(callee.wait(5s) == 0);
  CHECK(caller.stderr_text().find("stdin ended") != std::string::npos);
  CHECK(callee.stderr_text().find("the peer closed the channel") != std::string::npos);
}

TEST_CASE("the offer line is one base64 blob that carries the caller's loopback candidate") {
  ChildProcess caller(LUCID_CALLER, kLoopback);
  const auto offer = caller.read_line(10s);
  INFO(caller.stderr_text());
  REQUIRE(offer);
  CHECK(offer->find_first_not_of(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") ==
        std::string::npos);
  // base64 of {"type":"offer","sdp":"v=0... begins like this whatever follows.
  CHECK(offer->rfind("eyJ0eXBlIjoib2ZmZXIi", 0) == 0);
  caller.close_stdin();
  CHECK(caller.wait(5s) == 1);  // no answer ever came
  CHECK(caller.stderr_text().find("stdin ended before an answer line arrived") !=
        std::string::npos);
}

TEST_CASE("callee refuses a line that is not a description, with status 1") {
  ChildProcess callee(LUCID_CALLEE, kLoopback);
  callee.write_line("this is not an offer");
  CHECK(callee.wait(5s) == 1);
  CHECK(callee.stderr_text().find("that is not a description line") != std::string::npos);
  CHECK_FALSE(callee.read_line(100ms));  // nothing on stdout: no answer to a bad offer
}

TEST_CASE("callee refuses an answer where it wants an offer") {
  ChildProcess caller(LUCID_CALLER, kLoopback);
  const auto offer = caller.read_line(10s);
  REQUIRE(offer);
  ChildProcess callee(LUCID_CALLEE, kLoopback);
  callee.write_line(*offer);
  const auto answer = callee.read_line(10s);
  REQUIRE(answer);
  ChildProcess second_callee(LUCID_CALLEE, kLoopback);
  second_callee.write_line(*answer);
  CHECK(second_callee.wait(5s) == 1);
  CHECK(second_callee.stderr_text().find("expected an offer, got an answer") != std::string::npos);
}

TEST_CASE("caller with --trace narrates its own connection on stderr") {
  std::vector<std::string> traced = kLoopback;
  traced.insert(traced.end(), {"--trace", "ice,dcep"});
  ChildProcess caller(LUCID_CALLER, traced);
  ChildProcess callee(LUCID_CALLEE, kLoopback);
  exchange_descriptions(caller, callee);
  caller.write_line("traced");
  INFO(logs(caller, callee));
  REQUIRE(callee.read_until("peer: traced", 10s));
  CHECK(caller.stderr_text().find("[ice] caller: ") != std::string::npos);
  CHECK(caller.stderr_text().find("[dcep] sending DATA_CHANNEL_OPEN") != std::string::npos);
  CHECK(caller.stderr_text().find("[dtls]") == std::string::npos);  // not asked for
  CHECK(callee.stderr_text().find("[ice]") == std::string::npos);  // the callee traces nothing
}

TEST_CASE("a turn: server is reported as not supported, and the call connects without it") {
  std::vector<std::string> with_turn = kLoopback;
  with_turn.insert(with_turn.end(), {"--stun", "turn:127.0.0.1:3478"});
  ChildProcess caller(LUCID_CALLER, with_turn);
  ChildProcess callee(LUCID_CALLEE, kLoopback);
  exchange_descriptions(caller, callee);
  caller.write_line("relayed? no, direct");
  INFO(logs(caller, callee));
  CHECK(callee.read_until("peer: relayed? no, direct", 10s));
  CHECK(caller.stderr_text().find("caller: ice server turn:127.0.0.1:3478: TURN is not "
                                  "supported by lucid yet (701)") != std::string::npos);
}

TEST_CASE("bad arguments exit with status 2 and say what was wrong") {
  ChildProcess unknown(LUCID_CALLER, {"--frobnicate"});
  CHECK(unknown.wait(5s) == 2);
  CHECK(unknown.stderr_text().find("unknown argument '--frobnicate'") != std::string::npos);

  ChildProcess bad_address(LUCID_CALLEE, {"--bind", "not-an-address"});
  CHECK(bad_address.wait(5s) == 2);
  CHECK(bad_address.stderr_text().find("--bind wants an IP address") != std::string::npos);

  ChildProcess bad_url(LUCID_CALLER, {"--bind", "127.0.0.1", "--stun", "http://example"});
  CHECK(bad_url.wait(5s) == 2);
  CHECK(bad_url.stderr_text().find("--stun wants a URL like stun:") != std::string::npos);

  ChildProcess missing(LUCID_CALLER, {"--bind"});
  CHECK(missing.wait(5s) == 2);
  CHECK(missing.stderr_text().find("--bind needs a value") != std::string::npos);
}

TEST_CASE("help prints the usage on stdout and exits 0") {
  ChildProcess help(LUCID_CALLER, {"--help"});
  const auto first = help.read_line(5s);
  REQUIRE(first);
  CHECK(first->rfind("usage: caller", 0) == 0);
  CHECK(help.wait(5s) == 0);
}

TEST_CASE("a file named with --keylog gets the DTLS secrets of the session, for Wireshark") {
  char path[] = "/tmp/lucid-example-keylog-XXXXXX";
  const int fd = ::mkstemp(path);
  REQUIRE(fd >= 0);
  ::close(fd);
  {
    std::vector<std::string> arguments = kLoopback;
    arguments.insert(arguments.end(), {"--keylog", path});
    ChildProcess caller(LUCID_CALLER, arguments);
    ChildProcess callee(LUCID_CALLEE, kLoopback);
    exchange_descriptions(caller, callee);
    caller.write_line("logged");
    INFO(logs(caller, callee));
    REQUIRE(callee.read_until("peer: logged", 10s));
    caller.close_stdin();
    CHECK(caller.wait(5s) == 0);
  }
  std::ifstream file(path);
  std::string first_word;
  file >> first_word;
  // NSS key log format: DTLS 1.2 gives one "CLIENT_RANDOM <random> <master secret>" line.
  CHECK(first_word == "CLIENT_RANDOM");
  ::unlink(path);
}

TEST_CASE("a file named with --pcap gets the session's datagrams as a pcap capture") {
  char path[] = "/tmp/lucid-example-pcap-XXXXXX";
  const int fd = ::mkstemp(path);
  REQUIRE(fd >= 0);
  ::close(fd);
  {
    std::vector<std::string> arguments = kLoopback;
    arguments.insert(arguments.end(), {"--pcap", path});
    ChildProcess caller(LUCID_CALLER, arguments);
    ChildProcess callee(LUCID_CALLEE, kLoopback);
    exchange_descriptions(caller, callee);
    caller.write_line("captured");
    INFO(logs(caller, callee));
    REQUIRE(callee.read_until("peer: captured", 10s));
    caller.close_stdin();
    CHECK(caller.wait(5s) == 0);
  }
  std::ifstream file(path, std::ios::binary);
  std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(file)),
                                   std::istreambuf_iterator<char>());
  // The classic pcap file header (magic a1b2c3d4, written little-endian) and then records: the
  // STUN checks, the DTLS handshake and the SCTP packets make far more than one datagram.
  REQUIRE(bytes.size() > 24 + 16 * 10);
  CHECK(std::vector<unsigned char>(bytes.begin(), bytes.begin() + 4) ==
        std::vector<unsigned char>{0xd4, 0xc3, 0xb2, 0xa1});
  ::unlink(path);
}

TEST_CASE("a --bind address the machine does not have is refused with status 1") {
  // 192.0.2.1 is TEST-NET-1 (RFC 5737): documentation only, on no machine's interface.
  ChildProcess caller(LUCID_CALLER, {"--bind", "192.0.2.1"});
  CHECK(caller.wait(5s) == 1);
  CHECK(caller.stderr_text().find("no interface address to bind") != std::string::npos);
  CHECK_FALSE(caller.read_line(100ms));  // no offer
}
