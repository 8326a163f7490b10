// RFC 5769: the four test vectors for STUN. Each must parse to the values the RFC documents,
// pass the real integrity and fingerprint checks, and encode back to exactly the same bytes.
#include <catch2/catch.hpp>

#include "common/hex.h"
#include "stun/stun.h"

using namespace lucid;
using namespace lucid::stun;

namespace {

Bytes hex(const char* text) { return from_hex(text).value(); }

// RFC 5769 §2.1: Sample Request, short-term credentials. USERNAME is padded with spaces (0x20).
const char* const kRequest =
    "0001 0058 2112a442 b7e7a701bc34d686fa87dfae"
    "8022 0010 5354554e207465737420636c69656e74"          // SOFTWARE "STUN test client"
    "0024 0004 6e0001ff"                                  // PRIORITY
    "8029 0008 932ff9b151263b36"                          // ICE-CONTROLLED
    "0006 0009 6576746a3a68367659 202020"                 // USERNAME "evtj:h6vY"
    "0008 0014 9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"  // MESSAGE-INTEGRITY
    "8028 0004 e57a3bcf";                                 // FINGERPRINT
const char* const kRequestPassword = "VOkJxbRl1RmTxUk/WvJxBt";

// RFC 5769 §2.2: Sample IPv4 Response. SOFTWARE "test vector" is padded with one space.
const char* const kIpv4Response =
    "0101 003c 2112a442 b7e7a701bc34d686fa87dfae"
    "8022 000b 7465737420766563746f72 20"                 // SOFTWARE "test vector"
    "0020 0008 0001a147e112a643"                          // XOR-MAPPED-ADDRESS
    "0008 0014 2b91f599fd9e90c38c7489f92af9ba53f06be7d7"  // MESSAGE-INTEGRITY
    "8028 0004 c07d4c96";                                 // FINGERPRINT

// RFC 5769 §2.3: Sample IPv6 Response.
const char* const kIpv6Response =
    "0101 0048 2112a442 b7e7a701bc34d686fa87dfae"
    "8022 000b 7465737420766563746f72 20"                  // SOFTWARE "test vector"
    "0020 0014 0002a147 0113a9faa5d3f179bc25f4b5bed2b9d9"  // XOR-MAPPED-ADDRESS
    "0008 0014 a382954e4be67bf11784c97c8292c275bfe3ed41"   // MESSAGE-INTEGRITY
    "8028 0004 c8fb0b4c";                                  // FINGERPRINT

// Both responses use the same password as the request (RFC 5769 §2.2, §2.3).
const char* const kResponsePassword = "VOkJxbRl1RmTxUk/WvJxBt";

// RFC 5769 §2.4: Sample Request with Long-Term Authentication. No FINGERPRINT; zero padding.
const char* const kLongTermRequest =
    "0001 0060 2112a442 78ad3433c6ad72c029da412e"
    "0006 0012 e3839ee38388e383aae38383e382afe382b9 0000"  // USERNAME (six katakana)
    "0015 001c 662f2f3439396b39353464364f4c33346f4c394653547679"
    "          36347341"                                   // NONCE
    "0014 000b 6578616d706c652e6f7267 00"                  // REALM "example.org"
    "0008 0014 f67024656dd64a3e02b8e0712e85c9a28ca89666";  // MESSAGE-INTEGRITY
// U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9 in UTF-8.
const char* const kLongTermUsername =
    "\xe3\x83\x9e\xe3\x83\x88\xe3\x83\xaa\xe3\x83\x83\xe3\x82\xaf\xe3\x82\xb9";
// RFC 5769 §2.4 gives the password "The<U+00AD>M<U+00AA>tr<U+2168>", which SASLprep turns into
// "TheMatrIX"; lucid does not implement SASLprep, so the test passes the prepared form.
const char* const kLongTermPassword = "TheMatrIX";

Message parse_ok(const Bytes& wire) {
  auto parsed = parse(wire);
  INFO((parsed ? std::string() : parsed.error().message()));
  REQUIRE(parsed.ok());
  return *parsed;
}

}  // namespace

TEST_CASE("RFC 5769 sample request parses to its documented values") {
  const Bytes wire = hex(kRequest);
  const Message m = parse_ok(wire);
  CHECK(m.method() == Method::Binding);
  CHECK(m.message_class() == MessageClass::Request);
  CHECK(to_hex(m.transaction_id()) == "b7e7a701bc34d686fa87dfae");
  REQUIRE(m.attributes().size() == 6);
  CHECK(m.get<Software>()->value == "STUN test client");
  CHECK(m.get<Priority>()->value == 0x6e0001ff);
  CHECK(m.get<IceControlled>()->tie_breaker == 0x932ff9b151263b36);
  CHECK(m.get<Username>()->value == "evtj:h6vY");
  CHECK(m.has<MessageIntegrity>());
  CHECK(m.get<Fingerprint>()->crc == 0xe57a3bcf);
  CHECK(m.unknown_comprehension_required().empty());
}

TEST_CASE("RFC 5769 sample request verifies with its password and fails with another") {
  const Message m = parse_ok(hex(kRequest));
  CHECK(verify_integrity(m, short_term_key(kRequestPassword)).ok());
  CHECK_FALSE(verify_integrity(m, short_term_key("VOkJxbRl1RmTxUk/WvJxBu")).ok());
}

TEST_CASE("RFC 5769 sample request re-encodes to the same bytes") {
  const Bytes wire = hex(kRequest);
  const Message m = parse_ok(wire);
  EncodeOptions options;
  options.integrity_key = short_term_key(kRequestPassword);
  options.fingerprint = true;
  options.padding_byte = 0x20;
  CHECK(to_hex(encode(m, options)) == to_hex(wire));
}

TEST_CASE("RFC 5769 IPv4 response carries 192.0.2.1:32853 and re-encodes to the same bytes") {
  const Bytes wire = hex(kIpv4Response);
  const Message m = parse_ok(wire);
  CHECK(m.method() == Method::Binding);
  CHECK(m.message_class() == MessageClass::SuccessResponse);
  CHECK(m.get<Software>()->value == "test vector");
  CHECK(m.get<XorMappedAddress>()->address.to_string() == "192.0.2.1:32853");
  CHECK(m.get<Fingerprint>()->crc == 0xc07d4c96);
  CHECK(verify_integrity(m, short_term_key(kResponsePassword)).ok());

  EncodeOptions options;
  options.integrity_key = short_term_key(kResponsePassword);
  options.fingerprint = true;
  options.padding_byte = 0x20;
  CHECK(to_hex(encode(m, options)) == to_hex(wire));
}

TEST_CASE("RFC 5769 IPv6 response carries [2001:db8:1234:5678:11:2233:4455:6677]:32853") {
  const Bytes wire = hex(kIpv6Response);
  const Message m = parse_ok(wire);
  CHECK(m.message_class() == MessageClass::SuccessResponse);
  CHECK(m.get<Software>()->value == "test vector");
  const SocketAddress& a = m.get<XorMappedAddress>()->address;
  CHECK(a.ip.is_v6());
  CHECK(a.to_string() == "[2001:db8:1234:5678:11:2233:4455:6677]:32853");
  CHECK(m.get<Fingerprint>()->crc == 0xc8fb0b4c);
  CHECK(verify_integrity(m, short_term_key(kResponsePassword)).ok());

  EncodeOptions options;
  options.integrity_key = short_term_key(kResponsePassword);
  options.fingerprint = true;
  options.padding_byte = 0x20;
  CHECK(to_hex(encode(m, options)) == to_hex(wire));
}

TEST_CASE("RFC 5769 long-term request verifies with MD5(username:realm:password) and re-encodes") {
  const Bytes wire = hex(kLongTermRequest);
  const Message m = parse_ok(wire);
  CHECK(m.method() == Method::Binding);
  CHECK(m.message_class() == MessageClass::Request);
  CHECK(to_hex(m.transaction_id()) == "78ad3433c6ad72c029da412e");
  CHECK(m.get<Username>()->value == kLongTermUsername);
  CHECK(m.get<Nonce>()->value == "f//499k954d6OL34oL9FSTvy64sA");
  CHECK(m.get<Realm>()->value == "example.org");
  CHECK_FALSE(m.has<Fingerprint>());

  const Bytes key = long_term_key(kLongTermUsername, "example.org", kLongTermPassword);
  CHECK(verify_integrity(m, key).ok());
  CHECK_FALSE(
      verify_integrity(m, long_term_key(kLongTermUsername, "example.org", "thematrix")).ok());

  EncodeOptions options;
  options.integrity_key = key;
  CHECK(to_hex(encode(m, options)) == to_hex(wire));
}

TEST_CASE("RFC 5769 vectors each pass is_stun") {
  for (const char* v : {kRequest, kIpv4Response, kIpv6Response, kLongTermRequest})
    CHECK(is_stun(hex(v)));
}
