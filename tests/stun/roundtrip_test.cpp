// Round trips over many generated messages: whatever encode() writes, parse() reads back to the
// same attributes, integrity verifies with the key used, and encoding again gives the same bytes.
// And the other direction: no corruption of a valid message makes parse() misbehave.
#include <catch2/catch.hpp>

#include "common/hex.h"
#include "common/random.h"
#include "stun/stun.h"

using namespace lucid;
using namespace lucid::stun;

namespace {

std::string random_text(Random& random, std::size_t max) {
  std::string s(random.uniform(0, max), ' ');
  for (char& c : s) c = static_cast<char>(random.uniform(0x20, 0x7e));
  return s;
}

SocketAddress random_address(Random& random) {
  SocketAddress a;
  if (random.uniform(0, 1) == 0) {
    a.ip = IpAddress::v4({static_cast<std::uint8_t>(random.next_u32()),
                          static_cast<std::uint8_t>(random.next_u32()),
                          static_cast<std::uint8_t>(random.next_u32()),
                          static_cast<std::uint8_t>(random.next_u32())});
  } else {
    std::array<std::uint8_t, 16> b{};
    random.fill(b);
    a.ip = IpAddress::v6(b);
  }
  a.port = static_cast<std::uint16_t>(random.uniform(0, 65535));
  return a;
}

Attribute random_attribute(Random& random) {
  switch (random.uniform(0, 23)) {
    case 0: return MappedAddress{random_address(random)};
    case 1: return XorMappedAddress{random_address(random)};
    case 2: return Username{random_text(random, 512)};
    case 3:
      return ErrorCode{static_cast<std::uint16_t>(random.uniform(300, 699)),
                       random_text(random, 100)};
    case 4: {
      UnknownAttributes u;
      for (auto n = random.uniform(0, 5); n > 0; --n)
        u.types.push_back(static_cast<std::uint16_t>(random.next_u32()));
      return u;
    }
    case 5: return Realm{random_text(random, 763)};
    case 6: return Nonce{random_text(random, 100)};
    case 7: return Software{random_text(random, 60)};
    case 8: return AlternateServer{random_address(random)};
    case 9: return Priority{random.next_u32()};
    case 10: return UseCandidate{};
    case 11: return IceControlled{random.next_u64()};
    case 12: return IceControlling{random.next_u64()};
    // TURN's (RFC 8656 §18) and the password algorithms (RFC 8489 §14.11, §14.12).
    case 13: return ChannelNumber{static_cast<std::uint16_t>(random.uniform(0x4000, 0x4fff))};
    case 14: return Lifetime{random.next_u32()};
    case 15: return XorPeerAddress{random_address(random)};
    case 16: {
      Bytes value(random.uniform(0, 100));
      random.fill(value);
      return Data{value};
    }
    case 17: return XorRelayedAddress{random_address(random)};
    case 18: return RequestedTransport{static_cast<std::uint8_t>(random.uniform(0, 255))};
    case 19: {
      PasswordAlgorithms list;
      for (auto n = random.uniform(1, 3); n > 0; --n) {
        Bytes parameters(random.uniform(0, 6));
        random.fill(parameters);
        list.algorithms.push_back({static_cast<std::uint16_t>(random.uniform(1, 2)), parameters});
      }
      return list;
    }
    case 20: return PasswordAlgorithm{{PasswordAlgorithmEntry::kSha256, {}}};
    default: {
      // An attribute type lucid does not know, comprehension-required or optional.
      const std::uint16_t type = random.uniform(0, 1)
                                     ? 0x7f00 + static_cast<std::uint16_t>(random.uniform(0, 0xff))
                                     : 0xc000 + static_cast<std::uint16_t>(random.uniform(0, 0xff));
      Bytes value(random.uniform(0, 40));
      random.fill(value);
      return UnknownAttribute{type, value};
    }
  }
}

Message random_message(Random& random) {
  const MessageClass classes[] = {MessageClass::Request, MessageClass::Indication,
                                  MessageClass::SuccessResponse, MessageClass::ErrorResponse};
  // Methods below 0x100 keep the first byte within RFC 7983's 0-3, as every registered one does.
  Message m(static_cast<Method>(random.uniform(1, 0xFF)), classes[random.uniform(0, 3)],
            random_transaction_id(random));
  for (auto n = random.uniform(0, 8); n > 0; --n) m.add(random_attribute(random));
  return m;
}

// The message's attributes without the computed ones (integrity, fingerprint).
std::vector<Attribute> content(const Message& m) {
  std::vector<Attribute> out;
  for (const Attribute& a : m.attributes())
    if (!std::holds_alternative<MessageIntegrity>(a) &&
        !std::holds_alternative<MessageIntegritySha256>(a) &&
        !std::holds_alternative<Fingerprint>(a))
      out.push_back(a);
  return out;
}

}  // namespace

TEST_CASE("generated messages survive encode, parse, verify and encode again") {
  SeededRandom random(20261126);
  for (int i = 0; i < 2000; ++i) {
    const Message original = random_message(random);
    EncodeOptions options;
    if (random.uniform(0, 1)) {
      Bytes key(random.uniform(1, 32));
      random.fill(key);
      options.integrity_key = key;
      options.integrity_sha1 = random.uniform(0, 3) != 0;
      options.integrity_sha256 = !options.integrity_sha1 || random.uniform(0, 1);
    }
    options.fingerprint = random.uniform(0, 1);
    options.padding_byte = static_cast<std::uint8_t>(random.next_u32());

    const Bytes wire = encode(original, options);
    INFO("message " << i << ": " << to_hex(wire));
    REQUIRE(wire.size() % 4 == 0);
    REQUIRE(is_stun(wire));
    auto parsed = parse(wire);
    INFO((parsed ? std::string() : parsed.error().message()));
    REQUIRE(parsed.ok());
    CHECK(parsed->method() == original.method());
    CHECK(parsed->message_class() == original.message_class());
    CHECK(parsed->transaction_id() == original.transaction_id());
    CHECK(content(*parsed) == original.attributes());
    CHECK(parsed->has<Fingerprint>() == options.fingerprint);
    if (options.integrity_key) {
      CHECK(verify_integrity(*parsed, *options.integrity_key).ok());
      Bytes other = *options.integrity_key;
      other[0] ^= 0x80;
      CHECK_FALSE(verify_integrity(*parsed, other).ok());
    } else {
      CHECK_FALSE(has_integrity(*parsed));
    }
    CHECK(encode(*parsed, options) == wire);
  }
}

TEST_CASE("corrupted and truncated messages never crash the parser") {
  SeededRandom random(7);
  for (int i = 0; i < 2000; ++i) {
    Message m = random_message(random);
    EncodeOptions options;
    options.fingerprint = true;
    const Bytes wire = encode(m, options);
    // Any truncation breaks the length field's promise.
    const auto cut = random.uniform(0, wire.size() - 1);
    CHECK_FALSE(parse(BytesView(wire).first(cut)).ok());
    // One flipped bit anywhere is caught: by the header checks, by the structure, or by the
    // CRC-32 of FINGERPRINT, which detects every single-bit error. The one way through is a flip
    // in FINGERPRINT's own type field, which turns it into an attribute nobody checks.
    Bytes flipped = wire;
    const auto at = random.uniform(0, flipped.size() - 1);
    flipped[at] ^= static_cast<std::uint8_t>(1u << random.uniform(0, 7));
    if (auto parsed = parse(flipped); parsed.ok()) {
      INFO("bit flipped in byte " << at << " of " << wire.size());
      CHECK(at >= wire.size() - 8);
      CHECK(at < wire.size() - 6);
      CHECK_FALSE(parsed->has<Fingerprint>());
    }
    // Random garbage of any size: parse() answers, whatever the answer.
    Bytes garbage(random.uniform(0, 120));
    random.fill(garbage);
    if (garbage.size() >= 8) {
      garbage[0] &= 0x3f;
      garbage[4] = 0x21, garbage[5] = 0x12, garbage[6] = 0xa4, garbage[7] = 0x42;
    }
    (void)parse(garbage);
  }
}
