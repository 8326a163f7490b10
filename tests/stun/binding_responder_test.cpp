// The Binding responder: a plain STUN server without credentials, an ICE check responder with
// short-term credentials (RFC 8489 §6.3, §9.1.3; RFC 8445 §7.3).
#include <catch2/catch.hpp>

#include "common/random.h"
#include "stun/stun.h"

using namespace lucid;
using namespace lucid::stun;

namespace {

const SocketAddress kSource = *SocketAddress::parse("198.51.100.7:61000");

BindingResponderConfig ice_config() {
  BindingResponderConfig config;
  config.password = "local-password-1234567";
  config.username_prefix = "LFRG";
  config.software = "lucid test";
  return config;
}

// An ICE connectivity check as the remote agent would send it (RFC 8445 §7.2.2).
Message ice_check(Random& random) {
  Message m = Message::request(Method::Binding, random);
  m.add(Username{"LFRG:RFRG"});
  m.add(Priority{1845501695});
  m.add(IceControlling{0x1122334455667788});
  m.add(UseCandidate{});
  return m;
}

EncodeOptions signed_with(const std::string& password) {
  EncodeOptions o;
  o.integrity_key = short_term_key(password);
  o.fingerprint = true;
  return o;
}

Message reply_of(const BindingResponder::Outcome& outcome) {
  REQUIRE(outcome.reply);
  auto parsed = parse(*outcome.reply);
  REQUIRE(parsed.ok());
  return *parsed;
}

std::uint16_t error_code_of(const Message& m) {
  REQUIRE(m.message_class() == MessageClass::ErrorResponse);
  REQUIRE(m.get<ErrorCode>());
  return m.get<ErrorCode>()->code;
}

}  // namespace

TEST_CASE("without credentials a Binding request is answered with the source address") {
  SeededRandom random(1);
  const Message request = Message::request(Method::Binding, random);
  const BindingResponder responder;
  const auto outcome = responder.handle(encode(request), kSource);
  CHECK(outcome.accepted);
  CHECK_FALSE(outcome.reason);
  const Message reply = reply_of(outcome);
  CHECK(reply.message_class() == MessageClass::SuccessResponse);
  CHECK(reply.method() == Method::Binding);
  CHECK(reply.transaction_id() == request.transaction_id());
  CHECK(reply.get<XorMappedAddress>()->address == kSource);
  CHECK(reply.has<Fingerprint>());
  CHECK_FALSE(has_integrity(reply));
}

TEST_CASE("an IPv6 source is reflected as an IPv6 XOR-MAPPED-ADDRESS") {
  SeededRandom random(2);
  const SocketAddress v6 = *SocketAddress::parse("[2001:db8::42]:5000");
  const auto outcome =
      BindingResponder().handle(encode(Message::request(Method::Binding, random)), v6);
  CHECK(reply_of(outcome).get<XorMappedAddress>()->address == v6);
}

TEST_CASE("an ICE check with the right USERNAME and password gets a signed success response") {
  SeededRandom random(3);
  const Message check = ice_check(random);
  const BindingResponder responder(ice_config());
  const auto outcome =
      responder.handle(encode(check, signed_with("local-password-1234567")), kSource);
  CHECK(outcome.accepted);
  // ICE reads the check's own attributes from the parsed request.
  REQUIRE(outcome.request);
  CHECK(outcome.request->get<Priority>()->value == 1845501695);
  CHECK(outcome.request->has<UseCandidate>());
  CHECK(outcome.request->get<IceControlling>()->tie_breaker == 0x1122334455667788);
  const Message reply = reply_of(outcome);
  CHECK(reply.get<XorMappedAddress>()->address == kSource);
  CHECK(reply.get<Software>()->value == "lucid test");
  CHECK(verify_integrity(reply, short_term_key("local-password-1234567")).ok());
  CHECK(reply.has<Fingerprint>());
}

TEST_CASE("a check without USERNAME or without MESSAGE-INTEGRITY is answered 400 Bad Request") {
  SeededRandom random(4);
  const BindingResponder responder(ice_config());

  Message no_username = Message::request(Method::Binding, random);
  no_username.add(Priority{1});
  auto outcome =
      responder.handle(encode(no_username, signed_with("local-password-1234567")), kSource);
  CHECK_FALSE(outcome.accepted);
  CHECK(error_code_of(reply_of(outcome)) == 400);

  outcome = responder.handle(encode(ice_check(random)), kSource);  // not signed
  CHECK_FALSE(outcome.accepted);
  const Message reply = reply_of(outcome);
  CHECK(error_code_of(reply) == 400);
  // RFC 8489 §9.1.3: no MESSAGE-INTEGRITY in a 400/401, the client's key was not accepted.
  CHECK_FALSE(has_integrity(reply));
}

TEST_CASE("a check signed with the wrong password is answered 401 Unauthorized") {
  SeededRandom random(5);
  const auto outcome =
      BindingResponder(ice_config())
          .handle(encode(ice_check(random), signed_with("not-the-password")), kSource);
  CHECK_FALSE(outcome.accepted);
  const Message reply = reply_of(outcome);
  CHECK(error_code_of(reply) == 401);
  CHECK_FALSE(has_integrity(reply));
  REQUIRE(outcome.reason);
  CHECK(outcome.reason->what == "401 Unauthorized");
}

TEST_CASE("a check for another ufrag is answered 401 Unauthorized") {
  SeededRandom random(6);
  Message check = Message::request(Method::Binding, random);
  check.add(Username{"OTHER:RFRG"});
  const auto outcome = BindingResponder(ice_config())
                           .handle(encode(check, signed_with("local-password-1234567")), kSource);
  CHECK(error_code_of(reply_of(outcome)) == 401);
}

TEST_CASE("an unknown comprehension-required attribute is answered 420 with UNKNOWN-ATTRIBUTES") {
  SeededRandom random(7);
  Message check = ice_check(random);
  check.add(UnknownAttribute{0x7f01, {1, 2, 3}});
  check.add(UnknownAttribute{0xc001, {4}});  // comprehension-optional: ignored
  const auto outcome = BindingResponder(ice_config())
                           .handle(encode(check, signed_with("local-password-1234567")), kSource);
  CHECK_FALSE(outcome.accepted);
  const Message reply = reply_of(outcome);
  CHECK(error_code_of(reply) == 420);
  REQUIRE(reply.get<UnknownAttributes>());
  CHECK(reply.get<UnknownAttributes>()->types == std::vector<std::uint16_t>{0x7f01});
  // The request was authenticated, so the 420 is signed.
  CHECK(verify_integrity(reply, short_term_key("local-password-1234567")).ok());
}

TEST_CASE("responses, indications, other methods and garbage get no reply") {
  SeededRandom random(8);
  const BindingResponder responder;
  const Message request = Message::request(Method::Binding, random);
  const Message response = Message::response_to(request, MessageClass::SuccessResponse);
  const Message indication(Method::Binding, MessageClass::Indication,
                           random_transaction_id(random));
  const Message allocate = Message::request(Method::Allocate, random);
  for (const Message* m : {&response, &indication, &allocate}) {
    const auto outcome = responder.handle(encode(*m), kSource);
    CHECK_FALSE(outcome.reply);
    CHECK_FALSE(outcome.accepted);
    CHECK(outcome.request);
    CHECK(outcome.reason);
  }
  const Bytes garbage{0x16, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};  // a DTLS record header
  const auto outcome = responder.handle(garbage, kSource);
  CHECK_FALSE(outcome.reply);
  CHECK_FALSE(outcome.request);
  REQUIRE(outcome.reason);
}
