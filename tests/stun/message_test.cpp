// The STUN header (RFC 8489 §5) and the parser's refusals: every malformed message is rejected
// with a reason and a position, never with a crash.
#include <catch2/catch.hpp>
#include <string>

#include "common/hex.h"
#include "stun/stun.h"

using namespace lucid;
using namespace lucid::stun;

namespace {

const char* const kId = "0102030405060708090a0b0c";

// A Binding request header with the given attribute bytes and a length field that matches them.
Bytes message_with(const std::string& attributes_hex, const char* type = "0001") {
  const Bytes attrs = from_hex(attributes_hex).value();
  const std::string length = to_hex(
      Bytes{static_cast<std::uint8_t>(attrs.size() >> 8), static_cast<std::uint8_t>(attrs.size())});
  return from_hex(std::string(type) + length + "2112a442" + kId + attributes_hex).value();
}

}  // namespace

TEST_CASE("message type packs method and class as RFC 8489 section 5 shows") {
  CHECK(message_type(Method::Binding, MessageClass::Request) == 0x0001);
  CHECK(message_type(Method::Binding, MessageClass::Indication) == 0x0011);
  CHECK(message_type(Method::Binding, MessageClass::SuccessResponse) == 0x0101);
  CHECK(message_type(Method::Binding, MessageClass::ErrorResponse) == 0x0111);
  CHECK(message_type(Method::Allocate, MessageClass::Request) == 0x0003);
  CHECK(message_type(Method::CreatePermission, MessageClass::SuccessResponse) == 0x0108);
  // Every 12-bit method and every class survive the round trip through the type field.
  for (std::uint16_t m = 0; m <= 0x0FFF; ++m) {
    for (auto c : {MessageClass::Request, MessageClass::Indication, MessageClass::SuccessResponse,
                   MessageClass::ErrorResponse}) {
      const std::uint16_t type = message_type(static_cast<Method>(m), c);
      REQUIRE((type & 0xC000) == 0);
      REQUIRE(method_of_type(type) == static_cast<Method>(m));
      REQUIRE(class_of_type(type) == c);
    }
  }
}

TEST_CASE("method and class names read as the RFC names them") {
  CHECK(method_name(Method::Binding) == "Binding");
  CHECK(method_name(static_cast<Method>(0x00a)) == "0x00a");
  CHECK(class_name(MessageClass::ErrorResponse) == "error response");
}

TEST_CASE("an empty Binding request is 20 bytes with the magic cookie") {
  SeededRandom random(1);
  const Message request = Message::request(Method::Binding, random);
  const Bytes wire = encode(request);
  REQUIRE(wire.size() == 20);
  CHECK(to_hex(BytesView(wire).first(8)) == "000100002112a442");
  CHECK(to_hex(BytesView(wire).subspan(8)) == to_hex(request.transaction_id()));
  CHECK(is_stun(wire));
}

TEST_CASE("is_stun tells STUN apart from DTLS, RTP and truncated datagrams") {
  const Bytes stun = message_with("");
  CHECK(is_stun(stun));
  Bytes dtls = stun;
  dtls[0] = 22;  // a DTLS handshake record starts with content type 22 (RFC 7983)
  CHECK_FALSE(is_stun(dtls));
  Bytes rtp = stun;
  rtp[0] = 0x80;  // RTP version 2
  CHECK_FALSE(is_stun(rtp));
  Bytes cookie = stun;
  cookie[4] = 0;
  CHECK_FALSE(is_stun(cookie));
  CHECK_FALSE(is_stun(BytesView(stun).first(19)));
}

TEST_CASE("a response built with response_to keeps method and transaction id") {
  SeededRandom random(2);
  const Message request = Message::request(Method::Binding, random);
  const Message response = Message::response_to(request, MessageClass::ErrorResponse);
  CHECK(response.method() == Method::Binding);
  CHECK(response.transaction_id() == request.transaction_id());
  CHECK(response.is_response());
  CHECK_THROWS_AS(Message::response_to(request, MessageClass::Request), std::invalid_argument);
}

TEST_CASE("malformed messages are rejected with what was wrong and where") {
  struct Case {
    const char* name;
    Bytes wire;
    const char* what;   // a piece of the expected reason
    const char* where;  // the expected position
  };
  const Bytes valid = message_with("80220004 6c756369");  // SOFTWARE "luci"
  Bytes bad_cookie = valid;
  bad_cookie[7] ^= 0x01;
  Bytes high_bits = valid;
  high_bits[0] |= 0x40;
  Bytes odd_length = message_with("80220002 6c750000");
  odd_length[3] = 0x06;  // 6 is not a multiple of 4; the datagram is 28 bytes
  odd_length.resize(26);
  Bytes length_too_long = valid;
  length_too_long[3] = 0x0c;  // says 12 bytes of attributes, there are 8
  Bytes trailing = valid;
  trailing.insert(trailing.end(), {0, 0, 0, 0});  // 4 bytes the length does not cover
  Bytes wrong_fingerprint = message_with("80220004 6c756369 80280004 00000000");

  const std::vector<Case> cases = {
      {"empty datagram", {}, "shorter than the 20-byte STUN header", "byte 0"},
      {"19 bytes", Bytes(valid.begin(), valid.begin() + 19), "shorter than the 20-byte", "byte 0"},
      {"first two bits set", high_bits, "first two bits are not zero", "byte 0"},
      {"wrong magic cookie", bad_cookie, "magic cookie is 0x2112a443", "byte 4"},
      {"length not a multiple of 4", odd_length, "not a multiple of 4", "byte 2"},
      {"length past the datagram", length_too_long, "but the datagram has 28", "byte 2"},
      {"bytes after the length", trailing, "but the datagram has 32", "byte 2"},
      {"attribute runs past the end", message_with("80220008 6c756369"), "runs past the end",
       "byte 20"},
      {"attribute after MESSAGE-INTEGRITY",
       message_with("00080014 " + std::string(40, '0') + " 80220004 6c756369"),
       "SOFTWARE after MESSAGE-INTEGRITY", "byte 44"},
      {"attribute after FINGERPRINT", message_with("80280004 00000000 80220004 6c756369"),
       "SOFTWARE after FINGERPRINT", "byte 28"},
      {"wrong fingerprint", wrong_fingerprint, "FINGERPRINT is 0x00000000 but", "byte 28"},
      {"address family 3", message_with("00200008 0003a147e112a643"),
       "XOR-MAPPED-ADDRESS: address family 3", "byte 20"},
      {"IPv4 address of the wrong size", message_with("0001000c 00010050c0000201c0000201"),
       "MAPPED-ADDRESS: address of family 1 must be 8 bytes", "byte 20"},
      {"short MESSAGE-INTEGRITY", message_with("00080010 " + std::string(32, '0')),
       "MESSAGE-INTEGRITY: value must be 20 bytes", "byte 20"},
      {"ERROR-CODE class 7", message_with("00090004 00000701", "0111"),
       "ERROR-CODE: class 7 number 1", "byte 20"},
      {"PRIORITY of 3 bytes", message_with("00240003 01020300"), "PRIORITY: value must be 4 bytes",
       "byte 20"},
      {"USE-CANDIDATE with a value", message_with("00250004 01020304"),
       "USE-CANDIDATE: must be empty", "byte 20"},
      {"ICE-CONTROLLING of 4 bytes", message_with("802a0004 01020304"),
       "ICE-CONTROLLING: value must be 8 bytes", "byte 20"},
      {"UNKNOWN-ATTRIBUTES of odd length", message_with("000a0003 00010200", "0111"),
       "UNKNOWN-ATTRIBUTES: odd length", "byte 20"},
      {"USERNAME of 600 bytes", message_with("00060258 " + std::string(1200, '6')),
       "USERNAME: 600 bytes, more than the 512 allowed", "byte 20"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    auto parsed = parse(c.wire);
    REQUIRE_FALSE(parsed.ok());
    INFO(parsed.error().message());
    CHECK(parsed.error().what.find(c.what) != std::string::npos);
    CHECK(parsed.error().where == c.where);
  }
  // The valid message the cases were derived from does parse.
  CHECK(parse(valid).ok());
}

TEST_CASE("unknown attributes are kept as raw bytes, and comprehension-required ones reported") {
  const Bytes wire = message_with("7f010003 abcdef00 80ff0002 01020000");
  auto parsed = parse(wire);
  REQUIRE(parsed.ok());
  REQUIRE(parsed->attributes().size() == 2);
  const auto& required = std::get<UnknownAttribute>(parsed->attributes()[0]);
  CHECK(required.type == 0x7f01);
  CHECK(to_hex(required.value) == "abcdef");
  CHECK(parsed->unknown_comprehension_required() == std::vector<std::uint16_t>{0x7f01});
  // Re-encoding keeps them, byte for byte.
  CHECK(to_hex(encode(*parsed)) == to_hex(wire));
}

TEST_CASE("a repeated attribute: get() returns the first, as RFC 8489 section 14 says") {
  auto parsed = parse(message_with("80220004 66697273 80220004 7365636f"));
  REQUIRE(parsed.ok());
  CHECK(parsed->get<Software>()->value == "firs");
  CHECK(parsed->attributes().size() == 2);
}

TEST_CASE("MESSAGE-INTEGRITY-SHA256 and FINGERPRINT may follow MESSAGE-INTEGRITY") {
  SeededRandom random(3);
  Message m = Message::request(Method::Binding, random);
  m.add(Username{"alice:bob"});
  EncodeOptions options;
  options.integrity_key = short_term_key("secret");
  options.integrity_sha256 = true;
  options.fingerprint = true;
  const Bytes wire = encode(m, options);
  auto parsed = parse(wire);
  REQUIRE(parsed.ok());
  REQUIRE(parsed->attributes().size() == 4);
  CHECK(std::holds_alternative<MessageIntegrity>(parsed->attributes()[1]));
  CHECK(std::holds_alternative<MessageIntegritySha256>(parsed->attributes()[2]));
  CHECK(std::holds_alternative<Fingerprint>(parsed->attributes()[3]));
  CHECK(verify_integrity(*parsed, short_term_key("secret")).ok());
  auto wrong = verify_integrity(*parsed, short_term_key("Secret"));
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().what.find("MESSAGE-INTEGRITY does not match") != std::string::npos);
}

TEST_CASE("MESSAGE-INTEGRITY-SHA256 alone is verified too, and a tampered byte is caught") {
  SeededRandom random(4);
  Message m = Message::request(Method::Binding, random);
  m.add(Software{"lucid"});
  EncodeOptions options;
  options.integrity_key = short_term_key("pw");
  options.integrity_sha1 = false;
  options.integrity_sha256 = true;
  Bytes wire = encode(m, options);
  REQUIRE(parse(wire).ok());
  CHECK(verify_integrity(*parse(wire), short_term_key("pw")).ok());
  wire[24] ^= 0x01;  // "lucid" -> "mucid"
  auto tampered = parse(wire);
  REQUIRE(tampered.ok());  // no FINGERPRINT, so only the HMAC can notice
  auto verdict = verify_integrity(*tampered, short_term_key("pw"));
  REQUIRE_FALSE(verdict.ok());
  CHECK(verdict.error().what.find("MESSAGE-INTEGRITY-SHA256 does not match") != std::string::npos);
}

TEST_CASE("a message without integrity does not verify") {
  auto parsed = parse(message_with(""));
  REQUIRE(parsed.ok());
  auto verdict = verify_integrity(*parsed, short_term_key("pw"));
  REQUIRE_FALSE(verdict.ok());
  CHECK(verdict.error().what == "no MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256");
}

TEST_CASE("CRC-32 gives the standard check value and FINGERPRINT XORs it with 0x5354554e") {
  const Bytes text = to_bytes("123456789");
  CHECK(crc32(text) == 0xCBF43926u);
  CHECK(fingerprint_of(text) == (0xCBF43926u ^ 0x5354554eu));
  CHECK(crc32({}) == 0u);
}

TEST_CASE("describe() prints each attribute the way a learner reads it") {
  CHECK(describe(XorMappedAddress{*SocketAddress::parse("192.0.2.1:32853")}) ==
        "XOR-MAPPED-ADDRESS 192.0.2.1:32853");
  CHECK(describe(ErrorCode{401, "Unauthorized"}) == "ERROR-CODE 401 Unauthorized");
  CHECK(describe(Username{"a:b"}) == "USERNAME \"a:b\"");
  CHECK(describe(UnknownAttributes{{0x7f01, 0x0024}}) == "UNKNOWN-ATTRIBUTES 0x7f01 PRIORITY");
  CHECK(describe(UseCandidate{}) == "USE-CANDIDATE");
  CHECK(attribute_name(0x8028) == "FINGERPRINT");
}
