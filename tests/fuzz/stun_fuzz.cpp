// Target 1, stun: any datagram through stun::parse (RFC 8489 §5, §14: header, attributes,
// FINGERPRINT, which parse checks), then verify_integrity with the RFC 5769 short-term key and
// a long-term key, then encode → parse again.
//
// Reaches: src/stun/message.cpp, attributes.cpp, integrity.cpp, fingerprint.cpp (every
// attribute decoder, the integrity length patching of §14.5, the CRC of §14.7).
// Invariants checked besides "no crash": a parsed message encodes to bytes that parse again
// to the same attributes, and the integrity and fingerprint encode() adds verify.
#include <variant>
#include <vector>

#include "fuzz_check.h"
#include "stun/credentials.h"
#include "stun/fingerprint.h"
#include "stun/integrity.h"
#include "stun/message.h"

using namespace lucid;
using namespace lucid::stun;

namespace {

std::vector<Attribute> content(const Message& m) {
  std::vector<Attribute> out;
  for (const Attribute& a : m.attributes())
    if (!std::holds_alternative<MessageIntegrity>(a) &&
        !std::holds_alternative<MessageIntegritySha256>(a) && !std::holds_alternative<Fingerprint>(a))
      out.push_back(a);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Bytes short_term = short_term_key("VOkJxbRl1RmTxUk/WvJxBt");  // RFC 5769 §2.1
  static const Bytes long_term = long_term_key("user", "example.org", "TheMatrIX");
  const BytesView datagram = fuzz::bytes(data, size);

  (void)is_stun(datagram);
  (void)crc32(datagram);
  auto parsed = parse(datagram);
  if (!parsed) {
    (void)parsed.error().message();
    return 0;
  }
  const Message& m = *parsed;
  (void)method_name(m.method());
  (void)class_name(m.message_class());
  (void)to_hex(m.transaction_id());
  (void)m.unknown_comprehension_required();
  LUCID_FUZZ_CHECK(m.raw_offsets().size() == m.attributes().size());
  if (has_integrity(m)) {
    (void)verify_integrity(m, short_term);
    (void)verify_integrity(m, long_term);
  } else {
    LUCID_FUZZ_CHECK(!verify_integrity(m, short_term).ok());
  }

  // What lucid writes from what it read must read back the same (RFC 8489 §14: attributes
  // are copied as they were, with fresh integrity and fingerprint).
  EncodeOptions options;
  options.integrity_key = short_term;
  options.integrity_sha256 = (size & 1) != 0;
  options.fingerprint = true;
  const Bytes encoded = encode(m, options);
  auto again = parse(encoded);
  LUCID_FUZZ_CHECK(again.ok());
  LUCID_FUZZ_CHECK(again->method() == m.method());
  LUCID_FUZZ_CHECK(again->message_class() == m.message_class());
  LUCID_FUZZ_CHECK(again->transaction_id() == m.transaction_id());
  LUCID_FUZZ_CHECK(content(*again) == content(m));
  LUCID_FUZZ_CHECK(verify_integrity(*again, short_term).ok());
  return 0;
}
