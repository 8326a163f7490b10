// The stun-client example as a learner runs it: against coturn it prints the mapped address and
// exits 0; against a server that answers garbage, or nobody, it says so and exits non-zero.
#include <catch2/catch.hpp>
#include <future>
#include <string>

#include "stun/stun.h"
#include "support/coturn.h"
#include "support/run_command.h"
#include "support/udp_socket.h"

using lucid::testing::Coturn;
using lucid::testing::UdpSocket;

namespace {

using Run = lucid::testing::CommandRun;  // output: stdout and stderr together

Run run_stun_client(const std::string& arguments) {
  return lucid::testing::run_command(std::string(LUCID_BINARY_DIR) +
                                     "/examples/stun_client/stun-client " + arguments +
                                     " 2>&1 </dev/null");
}

}  // namespace

TEST_CASE("stun-client against coturn prints both messages and the mapped address") {
  REQUIRE(Coturn::available());
  Coturn coturn;
  coturn.start("lucid", "lucid-password", "lucid.test");
  const Run run = run_stun_client(coturn.address().to_string() + " --timeout 10000");
  INFO(run.output);
  CHECK(run.status == 0);
  CHECK(run.output.find("message type 0x0001: Binding request") != std::string::npos);
  CHECK(run.output.find("message type 0x0101: Binding success response") != std::string::npos);
  CHECK(run.output.find("attribute XOR-MAPPED-ADDRESS (type 0x0020") != std::string::npos);
  CHECK(run.output.find("mapped address: 127.0.0.1:") != std::string::npos);
}

TEST_CASE("stun-client reports a malformed reply and exits 1") {
  UdpSocket fake_server;
  auto client = std::async(std::launch::async, [&] {
    return run_stun_client(fake_server.local_address().to_string() + " --timeout 10000");
  });
  auto request = fake_server.receive(std::chrono::milliseconds(10000));
  REQUIRE(request);
  // The request's header with a wrong magic cookie: STUN-shaped, but not valid.
  lucid::Bytes reply(request->data.begin(), request->data.begin() + 20);
  reply[0] = 0x01;
  reply[2] = 0;
  reply[3] = 0;
  reply[4] = 0xde;
  fake_server.send_to(reply, request->source);
  const Run run = client.get();
  INFO(run.output);
  CHECK(run.status == 1);
  CHECK(run.output.find("not a valid STUN message: byte 4: magic cookie is 0xde12a442") !=
        std::string::npos);
}

TEST_CASE("stun-client gives up with a clear message when nobody answers") {
  UdpSocket silent_server;  // bound, so no ICMP error: requests vanish like on a lossy path
  const Run run = run_stun_client(silent_server.local_address().to_string() + " --timeout 700");
  INFO(run.output);
  CHECK(run.status == 1);
  CHECK(run.output.find("no response from " + silent_server.local_address().to_string() +
                        " within 700 ms (") != std::string::npos);
}

TEST_CASE("stun-client refuses bad arguments with exit status 2") {
  for (const char* arguments :
       {"", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:3478 --timeout", "a:1 b:2"}) {
    const Run run = run_stun_client(arguments);
    INFO(arguments << "\n" << run.output);
    CHECK(run.status == 2);
    CHECK(run.output.find("usage: stun-client HOST:PORT") != std::string::npos);
  }
}
