// The TURN client against an in-memory server, one exchange at a time: the allocation with its
// 401 challenge (bytes checked), stale nonces, each error a server can answer with, a server that
// never answers, and data in both directions through Send/Data indications and ChannelData.
#include <catch2/catch.hpp>

#include "turn/turn_test_util.h"

using namespace lucid;
using namespace lucid::test;
using lucid::turn::State;

namespace {

std::string hex_of(BytesView b) { return to_hex(b); }

std::vector<std::uint16_t> attribute_types(const stun::Message& m) {
  std::vector<std::uint16_t> out;
  for (const auto& a : m.attributes()) out.push_back(stun::type_of(a));
  return out;
}

}  // namespace

TEST_CASE("Allocate: the first request goes without credentials, the 401 brings REALM and NONCE, the retry is signed, and the relay is ours") {
  TraceLines trace;
  Direct d;
  d.allocate();

  REQUIRE(d.sent.size() == 2);
  // The first Allocate, byte for byte (RFC 8656 §7.1): REQUESTED-TRANSPORT UDP, SOFTWARE, and
  // FINGERPRINT, no credentials.
  auto first = stun::parse(d.sent[0]);
  REQUIRE(first.ok());
  const std::string txid = stun::to_hex(first->transaction_id());
  CHECK(hex_of(BytesView(d.sent[0]).first(44)) ==
        "0003001c2112a442" + txid +
        "0019000411000000"           // REQUESTED-TRANSPORT 17 (UDP), 3 bytes RFFU
        "802200056c75636964000000"   // SOFTWARE "lucid", padded
        "80280004");                 // FINGERPRINT (its CRC checked by parse())
  CHECK(d.sent[0].size() == 48);

  // The retry: a new transaction with USERNAME, REALM and NONCE from the 401, and
  // MESSAGE-INTEGRITY keyed with MD5("user:example.org:pass") (RFC 8489 §9.2.2).
  auto second = stun::parse(d.sent[1]);
  REQUIRE(second.ok());
  CHECK(second->method() == stun::Method::Allocate);
  CHECK(second->transaction_id() != first->transaction_id());
  CHECK(attribute_types(*second) ==
        std::vector<std::uint16_t>{stun::attr::kRequestedTransport, stun::attr::kSoftware,
                                   stun::attr::kUsername, stun::attr::kRealm, stun::attr::kNonce,
                                   stun::attr::kMessageIntegrity, stun::attr::kFingerprint});
  CHECK(second->get<stun::Username>()->value == "user");
  CHECK(second->get<stun::Realm>()->value == "example.org");
  CHECK(second->get<stun::Nonce>()->value == "nonce-1");
  const Bytes md5_key = *from_hex("abca35356f4b00fbc33e2d8c2c43b9d6");
  CHECK(stun::verify_integrity(*second, md5_key).ok());

  CHECK(d.client.state() == State::Allocated);
  const auto* allocated = d.last_event<turn::AllocatedEvent>();
  REQUIRE(allocated != nullptr);
  CHECK(allocated->relayed == addr("203.0.113.1:49152"));
  CHECK(allocated->mapped == kClientSocket);
  CHECK(allocated->lifetime == 600);
  CHECK(d.client.relayed_address() == addr("203.0.113.1:49152"));
  CHECK(d.client.expires_at() == at_ms(600'000));
  // Next due: the refresh a minute before expiry.
  CHECK(d.client.poll_timeout() == at_ms(540'000));
  INFO(trace.all());
  CHECK(trace.said("allocated relay 203.0.113.1:49152 for 600 s"));
}

TEST_CASE("Allocate with a server that offers PASSWORD-ALGORITHMS uses SHA-256 and MESSAGE-INTEGRITY-SHA256") {
  Direct d;
  d.server.offer_sha256 = true;
  d.allocate();
  REQUIRE(d.sent.size() == 2);
  auto second = stun::parse(d.sent[1]);
  REQUIRE(second.ok());
  // RFC 8489 §9.2.5: the list echoed, the first supported algorithm chosen.
  REQUIRE(second->has<stun::PasswordAlgorithms>());
  CHECK(second->get<stun::PasswordAlgorithms>()->algorithms.size() == 2);
  REQUIRE(second->has<stun::PasswordAlgorithm>());
  CHECK(second->get<stun::PasswordAlgorithm>()->chosen.algorithm ==
        stun::PasswordAlgorithmEntry::kSha256);
  CHECK(second->has<stun::MessageIntegritySha256>());
  // SHA-256("user:example.org:pass"), RFC 8489 §9.2.2.
  const Bytes sha_key = *from_hex("2eab843d62723b5549ca4dde2641a8c07ba67a3c7df8919c8da81ee206a4b907");
  CHECK(stun::verify_integrity(*second, sha_key).ok());
  CHECK(d.client.state() == State::Allocated);
}

TEST_CASE("438 Stale Nonce on Allocate is retried with the new nonce") {
  TraceLines trace;
  Direct d;
  d.client.allocate(d.now);
  // The challenge carries nonce-1; by the time the signed Allocate arrives it has gone stale.
  auto first = d.client.poll_transmit();
  REQUIRE(first);
  d.client.handle_input(*d.server.answer(*first, kClientSocket, d.now), d.now);
  d.server.nonce = "nonce-2";
  d.exchange();

  const auto allocates = d.server.times_of(stun::Method::Allocate);
  REQUIRE(allocates.size() == 3);
  CHECK(d.server.seen[1].message.get<stun::Nonce>()->value == "nonce-1");
  CHECK(d.server.seen[2].message.get<stun::Nonce>()->value == "nonce-2");
  CHECK(d.client.state() == State::Allocated);
  CHECK(trace.said("438 Stale Nonce"));
}

TEST_CASE("438 Stale Nonce on a Refresh is retried and the allocation lives on") {
  Direct d;
  d.allocate();
  d.server.nonce = "nonce-3";
  d.run_until(at_ms(541'000));
  const auto refreshes = d.server.times_of(stun::Method::Refresh);
  REQUIRE(refreshes.size() == 2);  // stale, then again with nonce-3
  CHECK(d.server.seen.back().message.get<stun::Nonce>()->value == "nonce-3");
  CHECK(d.client.state() == State::Allocated);
  CHECK(d.client.expires_at() == at_ms(540'000 + 600'000));
}

TEST_CASE("each error a server answers Allocate with fails the allocation with that code, and nothing more is sent") {
  const std::uint16_t code = GENERATE(403, 437, 441, 486, 508);
  TraceLines trace;
  Direct d;
  d.server.error_for = [&](const stun::Message& m) -> std::optional<std::uint16_t> {
    if (m.method() == stun::Method::Allocate) return code;
    return std::nullopt;
  };
  d.allocate();
  CHECK(d.client.state() == State::Failed);
  const auto* failed = d.last_event<turn::AllocationFailedEvent>();
  REQUIRE(failed != nullptr);
  CHECK(failed->code == code);
  CHECK_FALSE(d.client.poll_timeout().has_value());
  CHECK_FALSE(d.client.poll_transmit().has_value());
  CHECK_FALSE(d.client.send(kPeer, to_bytes("x")));
  CHECK(trace.said("allocation failed: " + std::to_string(code)));
  // Commands after the failure are ignored, not queued for an allocation that will not come.
  d.client.create_permission(kPeer.ip, d.now);
  CHECK_FALSE(d.client.bind_channel(kPeer, d.now).has_value());
  CHECK_FALSE(d.client.poll_transmit().has_value());
  CHECK(trace.said("ignored: the allocation is failed"));
}

TEST_CASE("wrong credentials: a second 401 fails the allocation with 401 after two requests") {
  turn::ClientConfig config = test_config();
  config.password = "not-the-password";
  Direct d(config);
  d.allocate();
  CHECK(d.server.times_of(stun::Method::Allocate).size() == 2);
  CHECK(d.client.state() == State::Failed);
  const auto* failed = d.last_event<turn::AllocationFailedEvent>();
  REQUIRE(failed != nullptr);
  CHECK(failed->code == 401);
}

TEST_CASE("a server that never answers: Allocate is sent on the RFC 8489 RTO schedule and fails at 39.5 s with code 0") {
  Direct d;
  d.client.allocate(d.now);
  std::vector<std::int64_t> sent_at;
  Timestamp now = d.now;
  for (int guard = 0; guard < 100; ++guard) {
    while (d.client.poll_transmit()) sent_at.push_back(to_ms(now));
    auto next = d.client.poll_timeout();
    if (!next) break;
    now = *next;
    d.client.handle_timeout(now);
  }
  CHECK(sent_at == std::vector<std::int64_t>{0, 500, 1500, 3500, 7500, 15500, 31500});
  CHECK(d.client.state() == State::Failed);
  d.drain_events();
  const auto* failed = d.last_event<turn::AllocationFailedEvent>();
  REQUIRE(failed != nullptr);
  CHECK(failed->code == 0);
  CHECK(failed->reason == "no response after 7 requests over 39500 ms");
  CHECK(to_ms(now) == 39500);
}

TEST_CASE("a refused CreatePermission is an event, and the allocation goes on") {
  Direct d;
  d.server.error_for = [](const stun::Message& m) -> std::optional<std::uint16_t> {
    if (m.method() == stun::Method::CreatePermission) return 403;
    return std::nullopt;
  };
  d.allocate();
  d.client.create_permission(kPeer.ip, d.now);
  d.exchange();
  const auto* failed = d.last_event<turn::PermissionFailedEvent>();
  REQUIRE(failed != nullptr);
  CHECK(failed->code == 403);
  CHECK(failed->peer == kPeer.ip);
  CHECK_FALSE(d.client.has_permission(kPeer.ip));
  CHECK(d.client.state() == State::Allocated);
}

TEST_CASE("a refused ChannelBind is an event, and data to that peer keeps going in Send indications") {
  Direct d;
  d.server.error_for = [](const stun::Message& m) -> std::optional<std::uint16_t> {
    if (m.method() == stun::Method::ChannelBind) return 400;
    return std::nullopt;
  };
  d.allocate();
  d.client.create_permission(kPeer.ip, d.now);
  REQUIRE(d.client.bind_channel(kPeer, d.now) == 0x4000);
  d.exchange();
  const auto* failed = d.last_event<turn::ChannelBindFailedEvent>();
  REQUIRE(failed != nullptr);
  CHECK(failed->code == 400);
  CHECK(failed->channel == 0x4000);
  CHECK_FALSE(d.client.channel_for(kPeer).has_value());
  REQUIRE(d.client.send(kPeer, to_bytes("still here")));
  auto out = d.client.poll_transmit();
  REQUIRE(out);
  auto indication = stun::parse(*out);
  REQUIRE(indication.ok());
  CHECK(indication->method() == stun::Method::Send);
}

TEST_CASE("437 to a Refresh means the allocation is gone: Failed, with the code") {
  Direct d;
  d.allocate();
  d.server.error_for = [](const stun::Message& m) -> std::optional<std::uint16_t> {
    if (m.method() == stun::Method::Refresh) return 437;
    return std::nullopt;
  };
  d.run_until(at_ms(541'000));
  CHECK(d.client.state() == State::Failed);
  const auto* failed = d.last_event<turn::AllocationFailedEvent>();
  REQUIRE(failed != nullptr);
  CHECK(failed->code == 437);
}

TEST_CASE("send() needs a permission asked for the peer's address: without one it sends nothing") {
  TraceLines trace;
  Direct d;
  d.allocate();
  CHECK_FALSE(d.client.send(kPeer, to_bytes("too early")));
  CHECK_FALSE(d.client.poll_transmit().has_value());
  CHECK(trace.said("no permission was asked for"));
  // Asked for but not yet answered is enough: the indication goes (the relay may drop it).
  d.client.create_permission(kPeer.ip, d.now);
  CHECK(d.client.send(kPeer, to_bytes("now")));
  // A channel asked for counts too: ChannelBind installs the permission (RFC 8656 §12.2).
  const SocketAddress other = addr("198.51.100.9:1000");
  d.client.bind_channel(other, d.now);
  CHECK(d.client.send(other, to_bytes("soon by channel")));
}

TEST_CASE("Send indications until a channel is bound, ChannelData after, both ways unwrapped") {
  TraceLines trace;
  Direct d;
  d.allocate();
  d.client.create_permission(kPeer.ip, d.now);
  d.exchange();
  REQUIRE(d.client.has_permission(kPeer.ip));
  CHECK(trace.said("permission for 198.51.100.7 created"));

  // Out: a Send indication with XOR-PEER-ADDRESS and DATA (RFC 8656 §11.1).
  REQUIRE(d.client.send(kPeer, to_bytes("hello")));
  auto out = d.client.poll_transmit();
  REQUIRE(out);
  auto send = stun::parse(*out);
  REQUIRE(send.ok());
  CHECK(send->method() == stun::Method::Send);
  CHECK(send->message_class() == stun::MessageClass::Indication);
  CHECK(send->get<stun::XorPeerAddress>()->address == kPeer);
  CHECK(send->get<stun::Data>()->value == to_bytes("hello"));

  // In: a Data indication from the peer comes back as its payload, a view into the datagram.
  stun::Message data(stun::Method::Data, stun::MessageClass::Indication,
                     stun::random_transaction_id(d.random));
  data.add(stun::XorPeerAddress{kPeer});
  data.add(stun::Data{to_bytes("world")});
  const Bytes wire = stun::encode(data);
  auto got = d.client.handle_input(wire, d.now);
  REQUIRE(got);
  CHECK(got->peer == kPeer);
  CHECK_FALSE(got->via_channel);
  CHECK(Bytes(got->data.begin(), got->data.end()) == to_bytes("world"));
  CHECK(got->data.data() >= wire.data());
  CHECK(got->data.data() + got->data.size() <= wire.data() + wire.size());

  // Bind: ChannelBind 0x4000, then data goes in 4-byte ChannelData frames (RFC 8656 §12).
  REQUIRE(d.client.bind_channel(kPeer, d.now) == 0x4000);
  d.exchange();
  CHECK(d.client.channel_for(kPeer) == 0x4000);
  CHECK(trace.said("channel 0x4000 bound to 198.51.100.7:50000"));
  REQUIRE(d.client.send(kPeer, to_bytes("hi")));
  out = d.client.poll_transmit();
  REQUIRE(out);
  CHECK(hex_of(*out) == "400000026869");

  const Bytes frame = *from_hex("4000000374686572");  // "the" and one byte of padding
  got = d.client.handle_input(frame, d.now);
  REQUIRE(got);
  CHECK(got->peer == kPeer);
  CHECK(got->via_channel);
  CHECK(Bytes(got->data.begin(), got->data.end()) == to_bytes("the"));
}

TEST_CASE("malformed or unexpected input from the server is dropped with a trace line, and the allocation is untouched") {
  struct Case {
    const char* what;
    std::string hex;
    const char* said;
  };
  const Case bad = GENERATE(values<Case>({
      {"empty", "", "dropped an empty datagram"},
      {"RTP", "80600001", "neither STUN nor ChannelData"},
      {"short STUN header", "0101000c2112a442", "malformed STUN"},
      {"bad magic cookie", "010100002112a443000102030405060708090a0b", "malformed STUN"},
      {"ChannelData longer than the datagram", "400000106869", "malformed ChannelData"},
      {"ChannelData on an unbound channel", "400100026869", "no such channel"},
      {"ChannelData header cut short", "4000", "malformed ChannelData"},
      {"a response nobody asked for", "010100002112a442000102030405060708090a0b", "no request of ours"},
      {"a request", "000100002112a442000102030405060708090a0b", "a client only takes"},
      {"Data indication without DATA", "0017000c""2112a442000102030405060708090a0b""00120008""0001e11c""bf2ea445",
       "without XOR-PEER-ADDRESS or DATA"},
      {"Data indication from a peer without permission",
       "00170014""2112a442000102030405060708090a0b""00120008""0001e11c""bf2ea445""00130001""78000000",
       "no permission for that peer"},
  }));
  TraceLines trace;
  Direct d;
  d.allocate();
  REQUIRE(d.client.state() == State::Allocated);
  const auto timeout = d.client.poll_timeout();
  const Bytes datagram = *from_hex(bad.hex);
  INFO(bad.what);
  CHECK_FALSE(d.client.handle_input(datagram, d.now).has_value());
  INFO(trace.all());
  CHECK(trace.said(bad.said));
  CHECK(d.client.state() == State::Allocated);
  CHECK(d.client.poll_timeout() == timeout);
  CHECK_FALSE(d.client.poll_transmit().has_value());
}

TEST_CASE("a success response with a wrong MESSAGE-INTEGRITY is dropped and the request is sent again") {
  TraceLines trace;
  Direct d;
  d.client.allocate(d.now);
  auto first = d.client.poll_transmit();
  d.client.handle_input(*d.server.answer(*first, kClientSocket, d.now), d.now);
  auto second = d.client.poll_transmit();
  REQUIRE(second);
  // The server's answer signed with another password: an attacker's, say.
  d.server.password = "forged";
  auto parsed = stun::parse(*second);
  stun::Message forged = stun::Message::response_to(*parsed, stun::MessageClass::SuccessResponse);
  forged.add(stun::XorRelayedAddress{addr("203.0.113.99:1")});
  forged.add(stun::Lifetime{600});
  stun::EncodeOptions o;
  o.integrity_key = stun::long_term_key("user", "example.org", "forged");
  CHECK_FALSE(d.client.handle_input(stun::encode(forged, o), d.now).has_value());
  CHECK(trace.said("MESSAGE-INTEGRITY does not match"));
  CHECK(d.client.state() == State::Allocating);
  d.server.password = "pass";
  d.run_until(at_ms(600));  // the retransmission at 500 ms gets the real answer
  CHECK(d.client.state() == State::Allocated);
  CHECK(d.client.relayed_address() == addr("203.0.113.1:49152"));
}

TEST_CASE("close() deletes the allocation with a Refresh of LIFETIME 0") {
  TraceLines trace;
  Direct d;
  d.allocate();
  d.client.close(d.now);
  d.exchange();
  const auto& last = d.server.seen.back().message;
  CHECK(last.method() == stun::Method::Refresh);
  REQUIRE(last.has<stun::Lifetime>());
  CHECK(last.get<stun::Lifetime>()->seconds == 0);
  CHECK(d.client.state() == State::Closed);
  CHECK(d.last_event<turn::ClosedEvent>() != nullptr);
  CHECK_FALSE(d.client.poll_timeout().has_value());
  CHECK(trace.said("allocation deleted by the server"));
}

TEST_CASE("a Refresh refused with another error is tried again halfway to expiry, and the allocation lives on") {
  Direct d;
  d.allocate();
  int refused = 0;
  d.server.error_for = [&](const stun::Message& m) -> std::optional<std::uint16_t> {
    if (m.method() == stun::Method::Refresh && refused++ == 0) return 508;
    return std::nullopt;
  };
  d.run_until(at_ms(600'000));
  const auto refreshes = d.server.times_of(stun::Method::Refresh);
  REQUIRE(refreshes.size() == 2);
  CHECK(refreshes[0] == at_ms(540'000));
  CHECK(refreshes[1] == at_ms(570'000));  // half of the 60 s that were left
  CHECK(d.client.state() == State::Allocated);
  CHECK(d.client.expires_at() == at_ms(570'000 + 600'000));
}

TEST_CASE("an allocation whose refreshes all go unanswered fails when it expires, not before") {
  Direct d;
  d.allocate();
  // From now on the server is silent: nothing the client sends is answered.
  Timestamp now = d.now;
  for (int guard = 0; guard < 1000 && d.client.state() == State::Allocated; ++guard) {
    while (d.client.poll_transmit()) {
    }
    auto next = d.client.poll_timeout();
    REQUIRE(next);
    now = *next;
    d.client.handle_timeout(now);
  }
  d.drain_events();
  CHECK(d.client.state() == State::Failed);
  CHECK(now == at_ms(600'000));
  const auto* failed = d.last_event<turn::AllocationFailedEvent>();
  REQUIRE(failed != nullptr);
  CHECK(failed->reason == "allocation expired: no successful Refresh within its lifetime");
}
