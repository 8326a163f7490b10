// Live: lucid's STUN against a real server. coturn runs on 127.0.0.1; the request goes out over
// a real UDP socket, and the answer must name the socket's own address.
#include "support/coturn.h"

#include <catch2/catch.hpp>

#include "common/random.h"
#include "stun/stun.h"
#include "support/udp_socket.h"

using namespace lucid;
using namespace lucid::stun;
using lucid::testing::Coturn;
using lucid::testing::UdpSocket;

TEST_CASE("coturn answers a Binding request with XOR-MAPPED-ADDRESS 127.0.0.1:<our port>") {
  REQUIRE(Coturn::available());
  Coturn coturn;
  coturn.start("lucid", "lucid-password", "lucid.test");
  UdpSocket socket;

  SeededRandom random(2026);
  Message request = Message::request(Method::Binding, random);
  request.add(Software{"lucid coturn test"});
  EncodeOptions options;
  options.fingerprint = true;
  // Driven by a transaction on the real clock, as an application would: loss on loopback is
  // unlikely, but the test must not depend on it.
  const auto start = std::chrono::steady_clock::now();
  auto now = [&] { return from_steady(std::chrono::steady_clock::now()); };
  ClientTransaction transaction(encode(request, options), request.transaction_id(), now());
  while (transaction.state() == ClientTransaction::State::Waiting) {
    while (auto datagram = transaction.poll_transmit()) socket.send_to(*datagram, coturn.address());
    const auto wait =
        std::chrono::ceil<std::chrono::milliseconds>(*transaction.poll_timeout() - now());
    if (auto reply = socket.receive(std::max(wait, std::chrono::milliseconds(1)))) {
      auto parsed = parse(reply->data);
      INFO((parsed ? std::string() : parsed.error().message()));
      REQUIRE(parsed.ok());
      CHECK(reply->source == coturn.address());
      transaction.handle_response(*parsed, now());
    }
    transaction.handle_timeout(now());
    REQUIRE(std::chrono::steady_clock::now() - start < std::chrono::seconds(60));
  }
  REQUIRE(transaction.state() == ClientTransaction::State::Answered);
  const Message& response = *transaction.response();
  CHECK(response.method() == Method::Binding);
  CHECK(response.message_class() == MessageClass::SuccessResponse);
  REQUIRE(response.has<XorMappedAddress>());
  CHECK(response.get<XorMappedAddress>()->address == socket.local_address());
  CHECK(response.get<XorMappedAddress>()->address.to_string() ==
        "127.0.0.1:" + std::to_string(socket.local_address().port));
  // coturn signs its answers with FINGERPRINT; parse() already checked it if present.
  INFO(coturn.log());
  CHECK(response.has<Fingerprint>());
}

TEST_CASE("coturn challenges an unauthenticated Allocate with 401, REALM and NONCE") {
  // The long-term credential dance TURN will need, checked against the real server.
  REQUIRE(Coturn::available());
  Coturn coturn;
  coturn.start("lucid", "lucid-password", "lucid.test");
  UdpSocket socket;
  SeededRandom random(7);
  LongTermClient auth("lucid", "lucid-password");

  auto exchange = [&](const Message& request) {
    const Bytes wire = encode(request, auth.encode_options());
    for (int attempt = 0; attempt < 5; ++attempt) {
      socket.send_to(wire, coturn.address());
      if (auto reply = socket.receive(std::chrono::milliseconds(1000))) {
        auto parsed = parse(reply->data);
        REQUIRE(parsed.ok());
        if (parsed->transaction_id() == request.transaction_id()) return *parsed;
      }
    }
    FAIL("no answer from coturn");
    return Message();
  };

  // REQUESTED-TRANSPORT (0x0019) = UDP, RFC 8656 §18.8 (stun::RequestedTransport; sent raw here).
  const UnknownAttribute udp{0x0019, {17, 0, 0, 0}};
  Message first = Message::request(Method::Allocate, random);
  first.add(udp);
  const Message challenge = exchange(first);
  REQUIRE(challenge.message_class() == MessageClass::ErrorResponse);
  CHECK(challenge.get<ErrorCode>()->code == 401);
  CHECK(challenge.get<Realm>()->value == "lucid.test");
  REQUIRE(auth.handle_error_response(challenge));

  Message second = Message::request(Method::Allocate, random);
  second.add(udp);
  auth.add_credentials(second);
  const Message allocated = exchange(second);
  INFO(coturn.log());
  CHECK(allocated.message_class() == MessageClass::SuccessResponse);
  // The server signed its answer with the same long-term key.
  CHECK(verify_integrity(allocated, auth.key()).ok());
}
