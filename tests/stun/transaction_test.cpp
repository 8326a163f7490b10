// The client transaction's retransmission schedule (RFC 8489 §6.2.1), driven by a fake clock.
#include <catch2/catch.hpp>
#include <vector>

#include "common/random.h"
#include "stun/stun.h"

using namespace lucid;
using namespace lucid::stun;

namespace {

struct Run {
  std::vector<std::int64_t> sends_ms;
  std::int64_t ended_ms = -1;
};

// Drives a transaction as an event loop would, jumping the fake clock to each poll_timeout().
Run run_until_done(ClientTransaction& t, Timestamp now) {
  Run run;
  for (int guard = 0; guard < 100 && t.state() == ClientTransaction::State::Waiting; ++guard) {
    while (auto datagram = t.poll_transmit()) run.sends_ms.push_back(to_ms(now));
    auto next = t.poll_timeout();
    if (!next) break;
    now = *next;
    t.handle_timeout(now);
  }
  run.ended_ms = to_ms(now);
  return run;
}

Message binding_request(std::uint64_t seed) {
  SeededRandom random(seed);
  return Message::request(Method::Binding, random);
}

}  // namespace

TEST_CASE(
    "an unanswered request is sent at 0, 500, 1500, 3500, 7500, 15500, 31500 ms and times out at "
    "39500 ms") {
  const Message request = binding_request(1);
  ClientTransaction t(encode(request), request.transaction_id(), at_ms(0));
  const Run run = run_until_done(t, at_ms(0));
  CHECK(run.sends_ms == std::vector<std::int64_t>{0, 500, 1500, 3500, 7500, 15500, 31500});
  CHECK(run.ended_ms == 39500);
  CHECK(t.state() == ClientTransaction::State::TimedOut);
  REQUIRE(t.error().has_value());
  CHECK(t.error()->what == "no response after 7 requests over 39500 ms");
  CHECK(t.transmissions() == 7);
  CHECK_FALSE(t.poll_timeout().has_value());
  CHECK_FALSE(t.poll_transmit().has_value());
}

TEST_CASE("every retransmission is the same datagram") {
  const Message request = binding_request(2);
  const Bytes wire = encode(request);
  ClientTransaction t(wire, request.transaction_id(), at_ms(0));
  for (int i = 0; i < 3; ++i) {
    auto datagram = t.poll_transmit();
    REQUIRE(datagram);
    CHECK(*datagram == wire);
    CHECK_FALSE(t.poll_transmit());  // nothing more until the timer fires
    t.handle_timeout(*t.poll_timeout());
  }
}

TEST_CASE("a timer that fires early changes nothing") {
  const Message request = binding_request(3);
  ClientTransaction t(encode(request), request.transaction_id(), at_ms(0));
  REQUIRE(t.poll_transmit());
  t.handle_timeout(at_ms(499));
  CHECK_FALSE(t.poll_transmit());
  CHECK(to_ms(*t.poll_timeout()) == 500);
}

TEST_CASE("a response with the transaction id ends the transaction, and other ids are not ours") {
  const Message request = binding_request(4);
  ClientTransaction t(encode(request), request.transaction_id(), at_ms(0));
  REQUIRE(t.poll_transmit());
  t.handle_timeout(at_ms(500));
  REQUIRE(t.poll_transmit());

  const Message stranger = Message::response_to(binding_request(5), MessageClass::SuccessResponse);
  CHECK_FALSE(t.handle_response(stranger, at_ms(600)));
  CHECK(t.state() == ClientTransaction::State::Waiting);
  // A request with our id (an echo, say) is not a response.
  CHECK_FALSE(t.handle_response(request, at_ms(600)));

  Message answer = Message::response_to(request, MessageClass::SuccessResponse);
  answer.add(XorMappedAddress{*SocketAddress::parse("192.0.2.1:4000")});
  CHECK(t.handle_response(answer, at_ms(700)));
  CHECK(t.state() == ClientTransaction::State::Answered);
  REQUIRE(t.response());
  CHECK(t.response()->get<XorMappedAddress>()->address.to_string() == "192.0.2.1:4000");
  CHECK_FALSE(t.poll_timeout());
  CHECK_FALSE(t.poll_transmit());
  // A late duplicate still belongs to the transaction but changes nothing.
  CHECK(t.handle_response(answer, at_ms(900)));
  CHECK(t.transmissions() == 2);
}

TEST_CASE("an error response also answers the transaction") {
  const Message request = binding_request(6);
  ClientTransaction t(encode(request), request.transaction_id(), at_ms(0));
  REQUIRE(t.poll_transmit());
  Message error = Message::response_to(request, MessageClass::ErrorResponse);
  error.add(ErrorCode{401, "Unauthorized"});
  CHECK(t.handle_response(error, at_ms(10)));
  CHECK(t.state() == ClientTransaction::State::Answered);
  CHECK(t.response()->get<ErrorCode>()->code == 401);
}

TEST_CASE("a custom schedule: ICE-style RTO 100 ms, Rc 3, Rm 4") {
  const Message request = binding_request(7);
  TransactionConfig config;
  config.rto = std::chrono::milliseconds(100);
  config.rc = 3;
  config.rm = 4;
  ClientTransaction t(encode(request), request.transaction_id(), at_ms(1000), config);
  const Run run = run_until_done(t, at_ms(1000));
  CHECK(run.sends_ms == std::vector<std::int64_t>{1000, 1100, 1300});
  CHECK(run.ended_ms == 1700);
  CHECK(t.state() == ClientTransaction::State::TimedOut);
}

TEST_CASE("with ICE's check schedule (RTO 500 ms, at most 1 s, Rc 15, Rm 4) a request is sent "
          "every second after the first two and times out at 15500 ms") {
  const Message request = binding_request(6);
  TransactionConfig config;
  config.rto = std::chrono::milliseconds(500);
  config.max_rto = std::chrono::seconds(1);
  config.rc = 15;
  config.rm = 4;
  ClientTransaction t(encode(request), request.transaction_id(), at_ms(0), config);
  const Run run = run_until_done(t, at_ms(0));
  CHECK(run.sends_ms == std::vector<std::int64_t>{0, 500, 1500, 2500, 3500, 4500, 5500, 6500,
                                                  7500, 8500, 9500, 10500, 11500, 12500, 13500});
  CHECK(run.ended_ms == 15500);  // 13500 + Rm * RTO
  CHECK(t.state() == ClientTransaction::State::TimedOut);
}

TEST_CASE("a late wake-up shifts the schedule instead of bursting") {
  const Message request = binding_request(8);
  ClientTransaction t(encode(request), request.transaction_id(), at_ms(0));
  REQUIRE(t.poll_transmit());
  t.handle_timeout(at_ms(800));  // due at 500, the loop was busy until 800
  REQUIRE(t.poll_transmit());
  CHECK_FALSE(t.poll_transmit());
  CHECK(to_ms(*t.poll_timeout()) == 1800);  // 800 + 2 * 500
}

TEST_CASE("a nonsensical configuration is refused") {
  TransactionConfig config;
  config.rc = 0;
  CHECK_THROWS_AS(ClientTransaction(Bytes{}, TransactionId{}, at_ms(0), config),
                  std::invalid_argument);
}
