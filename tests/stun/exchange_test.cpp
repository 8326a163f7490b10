// A client transaction and a Binding responder talking in memory, with a fake clock and a
// network that loses, duplicates and delays datagrams: what a user notices is whether and when
// the client learns its address.
#include <catch2/catch.hpp>
#include <deque>
#include <string>
#include <vector>

#include "common/random.h"
#include "common/trace.h"
#include "stun/stun.h"

using namespace lucid;
using namespace lucid::stun;

namespace {

const SocketAddress kClient = *SocketAddress::parse("192.0.2.10:50000");

struct Outcome {
  ClientTransaction::State state;
  std::int64_t finished_ms;
  std::optional<SocketAddress> mapped;
};

// Runs one Binding transaction. `lose(n)` says whether the n-th request (1-based) is lost;
// every response takes `delay_ms` to arrive and is delivered `copies` times.
template <typename Lose>
Outcome exchange(Lose lose, std::int64_t delay_ms = 20, int copies = 1) {
  SeededRandom random(99);
  BindingResponderConfig config;
  config.password = "pw";
  const BindingResponder server(config);

  Message request = Message::request(Method::Binding, random);
  request.add(Username{"srv:cli"});
  EncodeOptions options;
  options.integrity_key = short_term_key("pw");
  options.fingerprint = true;
  ClientTransaction client(encode(request, options), request.transaction_id(), at_ms(0));

  std::deque<std::pair<std::int64_t, Bytes>> to_client;  // (arrival time, datagram)
  std::int64_t now = 0;
  int sent = 0;
  while (client.state() == ClientTransaction::State::Waiting) {
    while (auto datagram = client.poll_transmit()) {
      if (lose(++sent)) continue;
      const auto outcome = server.handle(*datagram, kClient);
      REQUIRE(outcome.accepted);
      for (int c = 0; c < copies; ++c) to_client.emplace_back(now + delay_ms, *outcome.reply);
    }
    std::int64_t next = to_ms(*client.poll_timeout());
    if (!to_client.empty() && to_client.front().first < next) next = to_client.front().first;
    now = next;
    while (!to_client.empty() && to_client.front().first <= now) {
      auto response = parse(to_client.front().second);
      REQUIRE(response.ok());
      REQUIRE(verify_integrity(*response, short_term_key("pw")).ok());
      client.handle_response(*response, at_ms(now));
      to_client.pop_front();
    }
    client.handle_timeout(at_ms(now));
  }
  Outcome result{client.state(), now, std::nullopt};
  if (client.response()) result.mapped = client.response()->get<XorMappedAddress>()->address;
  return result;
}

}  // namespace

TEST_CASE("on a clean network the client learns its address after one round trip") {
  const Outcome r = exchange([](int) { return false; });
  CHECK(r.state == ClientTransaction::State::Answered);
  CHECK(r.finished_ms == 20);
  CHECK(r.mapped == kClient);
}

TEST_CASE("two lost requests cost 1.5 s: the third, sent at 1500 ms, is answered") {
  const Outcome r = exchange([](int n) { return n <= 2; });
  CHECK(r.state == ClientTransaction::State::Answered);
  CHECK(r.finished_ms == 1520);
  CHECK(r.mapped == kClient);
}

TEST_CASE("duplicated responses are harmless") {
  const Outcome r = exchange([](int) { return false; }, 20, 3);
  CHECK(r.state == ClientTransaction::State::Answered);
  CHECK(r.mapped == kClient);
}

TEST_CASE("a response slower than the RTO still completes the transaction once") {
  // The answer to request 1 arrives at 700 ms, after request 2 went out at 500 ms.
  const Outcome r = exchange([](int) { return false; }, 700);
  CHECK(r.state == ClientTransaction::State::Answered);
  CHECK(r.finished_ms == 700);
}

TEST_CASE("when every request is lost the client gives up at 39500 ms") {
  const Outcome r = exchange([](int) { return true; });
  CHECK(r.state == ClientTransaction::State::TimedOut);
  CHECK(r.finished_ms == 39500);
  CHECK_FALSE(r.mapped);
}

TEST_CASE("the stun trace tells the story of a retransmission in sentences") {
  std::vector<std::string> lines;
  trace::enable("stun");
  trace::set_sink([&](std::string_view, std::string_view line) { lines.emplace_back(line); });
  (void)exchange([](int n) { return n == 1; });
  trace::reset_sink();
  trace::disable_all();

  auto said = [&](const std::string& piece) {
    for (const auto& l : lines)
      if (l.find(piece) != std::string::npos) return true;
    return false;
  };
  INFO([&] {
    std::string all;
    for (const auto& l : lines) all += l + "\n";
    return all;
  }());
  CHECK(said("(1 of 7) at +0 ms; if no response comes, sending again at +500 ms"));
  CHECK(said("(2 of 7) at +500 ms; if no response comes, sending again at +1500 ms"));
  CHECK(said("answering Binding request"));
  CHECK(said("answered by a Binding success response after 520 ms and 2 requests"));
}
