#include "stun/integrity.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

#include "common/trace.h"

namespace lucid::stun {

namespace {

Bytes hmac(const EVP_MD* md, BytesView key, BytesView data) {
  Bytes out(EVP_MAX_MD_SIZE);
  unsigned int len = 0;
  // HMAC() with an empty key still needs a non-null pointer.
  static const std::uint8_t kEmpty = 0;
  if (HMAC(md, key.empty() ? &kEmpty : key.data(), static_cast<int>(key.size()), data.data(),
           data.size(), out.data(), &len) == nullptr) {
    throw std::runtime_error("OpenSSL HMAC failed");
  }
  out.resize(len);
  return out;
}

// The index in message.attributes() of the first attribute of type T, if any.
template <typename T>
std::optional<std::size_t> index_of(const Message& message) {
  const auto& attrs = message.attributes();
  for (std::size_t i = 0; i < attrs.size(); ++i)
    if (std::holds_alternative<T>(attrs[i])) return i;
  return std::nullopt;
}

// RFC 8489 §14.5/§14.6: the HMAC input is the message up to the integrity attribute, with the
// header's length field rewritten to end just after that attribute (`attribute_size` bytes
// including its 4-byte type/length header).
Bytes hmac_input(const Message& parsed, std::size_t attribute_offset, std::size_t attribute_size) {
  const Bytes& raw = parsed.raw();
  Bytes input(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(attribute_offset));
  const std::size_t adjusted = attribute_offset + attribute_size - kHeaderSize;
  input[2] = static_cast<std::uint8_t>(adjusted >> 8);
  input[3] = static_cast<std::uint8_t>(adjusted);
  return input;
}

bool same(BytesView a, BytesView b) {
  // Constant time, so a forger cannot learn how many leading bytes were right.
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

Bytes hmac_sha1(BytesView key, BytesView data) { return hmac(EVP_sha1(), key, data); }
Bytes hmac_sha256(BytesView key, BytesView data) { return hmac(EVP_sha256(), key, data); }

bool has_integrity(const Message& message) {
  return message.has<MessageIntegrity>() || message.has<MessageIntegritySha256>();
}

Status verify_integrity(const Message& parsed, BytesView key) {
  if (parsed.raw().empty()) {
    throw std::logic_error("verify_integrity needs a message that came from parse()");
  }
  const auto sha1 = index_of<MessageIntegrity>(parsed);
  const auto sha256 = index_of<MessageIntegritySha256>(parsed);
  if (!sha1 && !sha256) return fail("no MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256");

  if (sha1) {
    const std::size_t offset = parsed.raw_offsets()[*sha1];
    const auto& received = std::get<MessageIntegrity>(parsed.attributes()[*sha1]).hmac;
    const Bytes expected = hmac_sha1(key, hmac_input(parsed, offset, 4 + 20));
    if (!same(expected, received)) {
      LUCID_TRACE("stun", "MESSAGE-INTEGRITY of ", method_name(parsed.method()), " ",
                  class_name(parsed.message_class()), " ", to_hex(parsed.transaction_id()),
                  " does not match: wrong password, or the message was changed on the way");
      return fail("MESSAGE-INTEGRITY does not match (wrong key?)",
                  "byte " + std::to_string(offset));
    }
  }
  if (sha256) {
    const std::size_t offset = parsed.raw_offsets()[*sha256];
    const auto& received = std::get<MessageIntegritySha256>(parsed.attributes()[*sha256]).hmac;
    Bytes expected = hmac_sha256(key, hmac_input(parsed, offset, 4 + received.size()));
    // RFC 8489 §14.6: the value may be truncated to its leading 16..32 bytes.
    expected.resize(received.size());
    if (!same(expected, received)) {
      return fail("MESSAGE-INTEGRITY-SHA256 does not match (wrong key?)",
                  "byte " + std::to_string(offset));
    }
  }
  return Ok{};
}

}  // namespace lucid::stun
