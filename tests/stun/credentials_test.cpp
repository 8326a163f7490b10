// Short-term and long-term credentials (RFC 8489 §9), and the long-term client's dialogue with a
// server: 401 challenge, signed retry, 438 stale nonce.
#include <catch2/catch.hpp>

#include "common/hex.h"
#include "common/random.h"
#include "stun/stun.h"

using namespace lucid;
using namespace lucid::stun;

namespace {

Message error_response(const Message& request, std::uint16_t code, const char* realm,
                       const char* nonce) {
  Message m = Message::response_to(request, MessageClass::ErrorResponse);
  m.add(ErrorCode{code, code == 401 ? "Unauthorized" : "Stale Nonce"});
  if (realm) m.add(Realm{realm});
  if (nonce) m.add(Nonce{nonce});
  return *parse(encode(m));
}

}  // namespace

TEST_CASE("the short-term key is the password itself") {
  CHECK(short_term_key("pass") == to_bytes("pass"));
}

TEST_CASE("the long-term key is MD5 of username:realm:password") {
  // MD5("user:realm:pass"), computed independently with `printf user:realm:pass | md5sum`.
  CHECK(to_hex(long_term_key("user", "realm", "pass")) == "8493fbc53ba582fb4c044c456bdc40eb");
}

TEST_CASE("a long-term client answers a 401 challenge once, with credentials that verify") {
  SeededRandom random(1);
  LongTermClient client("user", "pass");
  CHECK_FALSE(client.has_credentials());

  Message first = Message::request(Method::Allocate, random);
  client.add_credentials(first);
  CHECK(first.attributes().empty());
  CHECK_FALSE(client.encode_options().integrity_key);

  CHECK(client.handle_error_response(error_response(first, 401, "example.org", "n1")));
  CHECK(client.has_credentials());
  CHECK(*client.realm() == "example.org");
  CHECK(*client.nonce() == "n1");

  Message second = Message::request(Method::Allocate, random);
  client.add_credentials(second);
  auto sent = parse(encode(second, client.encode_options()));
  REQUIRE(sent.ok());
  CHECK(sent->get<Username>()->value == "user");
  CHECK(sent->get<Realm>()->value == "example.org");
  CHECK(sent->get<Nonce>()->value == "n1");
  // The server checks it with the key it derives from its own copy of the password.
  CHECK(verify_integrity(*sent, long_term_key("user", "example.org", "pass")).ok());

  // A second 401 means the password is wrong: no endless retries.
  CHECK_FALSE(client.handle_error_response(error_response(second, 401, "example.org", "n2")));
}

TEST_CASE("a 438 Stale Nonce makes the client retry with the new nonce") {
  SeededRandom random(2);
  LongTermClient client("user", "pass");
  Message first = Message::request(Method::Allocate, random);
  REQUIRE(client.handle_error_response(error_response(first, 401, "example.org", "n1")));
  Message second = Message::request(Method::Refresh, random);
  client.add_credentials(second);
  CHECK(client.handle_error_response(error_response(second, 438, "example.org", "n2")));
  CHECK(*client.nonce() == "n2");
  Message third = Message::request(Method::Refresh, random);
  client.add_credentials(third);
  CHECK(third.get<Nonce>()->value == "n2");
}

TEST_CASE("a 401 without REALM and NONCE, or any other error, is not retried") {
  SeededRandom random(3);
  LongTermClient client("user", "pass");
  const Message request = Message::request(Method::Allocate, random);
  CHECK_FALSE(client.handle_error_response(error_response(request, 401, nullptr, nullptr)));
  Message other = Message::response_to(request, MessageClass::ErrorResponse);
  other.add(ErrorCode{420, "Unknown Attribute"});
  CHECK_FALSE(client.handle_error_response(other));
  CHECK_FALSE(
      client.handle_error_response(Message::response_to(request, MessageClass::SuccessResponse)));
}

TEST_CASE("a 401 with PASSWORD-ALGORITHMS: the first supported algorithm keys the retry, which echoes the list and adds MESSAGE-INTEGRITY-SHA256") {
  SeededRandom random(3);
  LongTermClient client("user", "pass");
  Message first = Message::request(Method::Allocate, random);
  Message challenge = Message::response_to(first, MessageClass::ErrorResponse);
  challenge.add(ErrorCode{401, "Unauthorized"});
  challenge.add(Realm{"example.org"});
  challenge.add(Nonce{"n1"});
  // RFC 8489 §9.2.5: 0x0003 is no algorithm lucid knows, so SHA-256, the next, is chosen.
  const PasswordAlgorithms offered{{{0x0003, {}}, {PasswordAlgorithmEntry::kSha256, {}},
                                    {PasswordAlgorithmEntry::kMd5, {}}}};
  challenge.add(offered);
  REQUIRE(client.handle_error_response(*parse(encode(challenge))));
  CHECK(client.algorithm() == PasswordAlgorithmEntry::kSha256);
  // RFC 8489 §9.2.2: the key is SHA-256("user:example.org:pass").
  CHECK(to_hex(client.key()) == "2eab843d62723b5549ca4dde2641a8c07ba67a3c7df8919c8da81ee206a4b907");

  Message second = Message::request(Method::Allocate, random);
  client.add_credentials(second);
  auto sent = parse(encode(second, client.encode_options()));
  REQUIRE(sent.ok());
  CHECK(*sent->get<PasswordAlgorithms>() == offered);
  CHECK(sent->get<PasswordAlgorithm>()->chosen.algorithm == PasswordAlgorithmEntry::kSha256);
  CHECK(sent->has<MessageIntegrity>());
  CHECK(sent->has<MessageIntegritySha256>());
  CHECK(verify_integrity(*sent, client.key()).ok());
}

TEST_CASE("a 401 offering only unknown password algorithms is not retried") {
  SeededRandom random(4);
  LongTermClient client("user", "pass");
  Message first = Message::request(Method::Allocate, random);
  Message challenge = Message::response_to(first, MessageClass::ErrorResponse);
  challenge.add(ErrorCode{401, "Unauthorized"});
  challenge.add(Realm{"example.org"});
  challenge.add(Nonce{"n1"});
  challenge.add(PasswordAlgorithms{{{0x0009, {1, 2, 3}}}});
  CHECK_FALSE(client.handle_error_response(*parse(encode(challenge))));
  CHECK_FALSE(client.has_credentials());
}
