#include "stun/message.h"

#include <cstdio>
#include <stdexcept>

#include "common/hex.h"
#include "common/trace.h"
#include "stun/fingerprint.h"
#include "stun/integrity.h"

namespace lucid::stun {

std::uint16_t message_type(Method method, MessageClass message_class) {
  const auto m = static_cast<std::uint16_t>(method);
  const auto c = static_cast<std::uint16_t>(message_class);
  if (m > 0x0FFF) throw std::invalid_argument("STUN method must fit in 12 bits");
  // RFC 8489 §5: M0-M3 stay in bits 0-3, C0 goes to bit 4, M4-M6 to bits 5-7, C1 to bit 8,
  // M7-M11 to bits 9-13.
  return static_cast<std::uint16_t>((m & 0x000F) | ((c & 0b01) << 4) | ((m & 0x0070) << 1) |
                                    ((c & 0b10) << 7) | ((m & 0x0F80) << 2));
}

Method method_of_type(std::uint16_t type) {
  return static_cast<Method>((type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2));
}

MessageClass class_of_type(std::uint16_t type) {
  return static_cast<MessageClass>(((type >> 4) & 0b01) | ((type >> 7) & 0b10));
}

std::string method_name(Method method) {
  switch (method) {
    case Method::Binding: return "Binding";
    case Method::Allocate: return "Allocate";
    case Method::Refresh: return "Refresh";
    case Method::Send: return "Send";
    case Method::Data: return "Data";
    case Method::CreatePermission: return "CreatePermission";
    case Method::ChannelBind: return "ChannelBind";
  }
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%03x", static_cast<unsigned>(method));
  return buf;
}

std::string_view class_name(MessageClass message_class) {
  switch (message_class) {
    case MessageClass::Request: return "request";
    case MessageClass::Indication: return "indication";
    case MessageClass::SuccessResponse: return "success response";
    case MessageClass::ErrorResponse: return "error response";
  }
  return "?";
}

TransactionId random_transaction_id(Random& random) {
  TransactionId id;
  random.fill(id);
  return id;
}

std::string to_hex(const TransactionId& id) {
  return lucid::to_hex(BytesView(id.data(), id.size()));
}

bool is_stun(BytesView d) {
  // RFC 7983 §7: on a port shared with DTLS, RTP and TURN channels, a first byte of 0-3 is STUN
  // (20-63 DTLS, 64-79 TURN ChannelData, 128-191 RTP/RTCP). The cookie and length make sure.
  if (d.size() < kHeaderSize || d[0] > 3) return false;
  const std::uint32_t cookie =
      (std::uint32_t{d[4]} << 24) | (std::uint32_t{d[5]} << 16) | (std::uint32_t{d[6]} << 8) | d[7];
  const std::size_t length = (std::size_t{d[2]} << 8) | d[3];
  return cookie == kMagicCookie && length % 4 == 0 && kHeaderSize + length == d.size();
}

Message::Message(Method method, MessageClass message_class, TransactionId transaction_id)
    : method_(method), class_(message_class), transaction_id_(transaction_id) {}

Message Message::request(Method method, Random& random) {
  return Message(method, MessageClass::Request, random_transaction_id(random));
}

Message Message::response_to(const Message& request, MessageClass message_class) {
  if (message_class != MessageClass::SuccessResponse &&
      message_class != MessageClass::ErrorResponse)
    throw std::invalid_argument("response_to needs SuccessResponse or ErrorResponse");
  return Message(request.method(), message_class, request.transaction_id());
}

std::vector<std::uint16_t> Message::unknown_comprehension_required() const {
  std::vector<std::uint16_t> unknown;
  for (const Attribute& a : attributes_)
    if (const auto* u = std::get_if<UnknownAttribute>(&a); u && is_comprehension_required(u->type))
      unknown.push_back(u->type);
  return unknown;
}

namespace {

std::string at_byte(std::size_t offset) { return "byte " + std::to_string(offset); }

Error rejected(Error error) {
  LUCID_TRACE("stun", "dropped a datagram that is not a valid STUN message: ", error.message());
  return error;
}

}  // namespace

Result<Message> parse(BytesView datagram) {
  ByteReader r(datagram);
  // RFC 8489 §5: a 20-byte header, always.
  if (datagram.size() < kHeaderSize)
    return rejected(fail("only " + std::to_string(datagram.size()) + " bytes, shorter than the " +
                             "20-byte STUN header",
                         at_byte(0)));
  const std::uint16_t type = *r.read_u16();
  const std::uint16_t length = *r.read_u16();
  const std::uint32_t cookie = *r.read_u32();
  // RFC 8489 §5: "The most significant 2 bits of every STUN message MUST be zeroes."
  if ((type & 0xC000) != 0)
    return rejected(fail("first two bits are not zero, so this is not STUN", at_byte(0)));
  if (cookie != kMagicCookie) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "magic cookie is 0x%08x, not 0x2112a442", cookie);
    return rejected(fail(buf, at_byte(4)));
  }
  // RFC 8489 §5: attributes are padded, so the length is always a multiple of 4.
  if (length % 4 != 0)
    return rejected(
        fail("message length " + std::to_string(length) + " is not a multiple of 4", at_byte(2)));
  if (kHeaderSize + length != datagram.size())
    return rejected(fail("message length " + std::to_string(length) + " says " +
                             std::to_string(kHeaderSize + length) + " bytes but the datagram has " +
                             std::to_string(datagram.size()),
                         at_byte(2)));

  Message message(method_of_type(type), class_of_type(type), {});
  auto id = r.read_bytes(12);
  std::copy(id->begin(), id->end(), message.transaction_id_.begin());

  bool after_integrity = false;
  bool after_fingerprint = false;
  while (!r.empty()) {
    const std::size_t offset = r.offset();
    // Both reads succeed: the remaining length is a positive multiple of 4.
    const std::uint16_t attr_type = *r.read_u16();
    const std::uint16_t attr_length = *r.read_u16();
    const std::size_t padded = (attr_length + 3u) & ~std::size_t{3};
    if (padded > r.remaining())
      return rejected(fail(attribute_name(attr_type) + " of length " + std::to_string(attr_length) +
                               " runs past the end of the message (" +
                               std::to_string(r.remaining()) + " bytes left)",
                           at_byte(offset)));
    const BytesView value = *r.read_bytes(attr_length);
    (void)r.skip(padded - attr_length);

    // RFC 8489 §14.7: FINGERPRINT is the last attribute.
    if (after_fingerprint)
      return rejected(fail(attribute_name(attr_type) + " after FINGERPRINT, which must be last",
                           at_byte(offset)));
    // RFC 8489 §14.5: after MESSAGE-INTEGRITY only MESSAGE-INTEGRITY-SHA256 and FINGERPRINT may
    // follow (a receiver could ignore others; lucid refuses them, since nothing protects them).
    if (after_integrity && attr_type != attr::kMessageIntegritySha256 &&
        attr_type != attr::kFingerprint)
      return rejected(
          fail(attribute_name(attr_type) + " after MESSAGE-INTEGRITY", at_byte(offset)));

    auto attribute = decode_attribute(attr_type, value, message.transaction_id_);
    if (!attribute) return rejected(fail(attribute.error().what, at_byte(offset)));

    if (attr_type == attr::kMessageIntegrity || attr_type == attr::kMessageIntegritySha256)
      after_integrity = true;
    if (attr_type == attr::kFingerprint) {
      after_fingerprint = true;
      // RFC 8489 §14.7: the CRC covers everything before FINGERPRINT, and the header's length
      // already counts FINGERPRINT — which it does here, since FINGERPRINT must end the message.
      if (r.remaining() == 0) {
        const std::uint32_t expected = fingerprint_of(datagram.first(offset));
        const std::uint32_t received = std::get<Fingerprint>(*attribute).crc;
        if (expected != received) {
          char buf[96];
          std::snprintf(buf, sizeof buf, "FINGERPRINT is 0x%08x but the message's is 0x%08x",
                        received, expected);
          return rejected(fail(buf, at_byte(offset)));
        }
      }
    }
    message.attributes_.push_back(std::move(*attribute));
    message.raw_offsets_.push_back(offset);
  }
  message.raw_.assign(datagram.begin(), datagram.end());
  if (trace::enabled("stun")) {
    std::string names;
    for (const Attribute& a : message.attributes_)
      names += (names.empty() ? "" : ", ") + attribute_name(type_of(a));
    LUCID_TRACE("stun", "read a ", method_name(message.method_), " ", class_name(message.class_),
                " ", to_hex(message.transaction_id_), " of ", datagram.size(), " bytes with ",
                names.empty() ? std::string("no attributes") : names);
  }
  return message;
}

Bytes encode(const Message& message, const EncodeOptions& options) {
  ByteWriter out;
  out.write_u16(message_type(message.method(), message.message_class()));
  out.write_u16(0);  // the length, patched below
  out.write_u32(kMagicCookie);
  out.write_bytes(BytesView(message.transaction_id().data(), message.transaction_id().size()));

  for (const Attribute& a : message.attributes()) {
    // Integrity and fingerprint are computed, never copied: stale ones would be wrong.
    if (std::holds_alternative<MessageIntegrity>(a) ||
        std::holds_alternative<MessageIntegritySha256>(a) || std::holds_alternative<Fingerprint>(a))
      continue;
    encode_attribute(a, message.transaction_id(), out, options.padding_byte);
  }

  // Sets the header's length as if the message ended `extra` bytes from here (RFC 8489 §14.5).
  auto set_length = [&](std::size_t extra) {
    const std::size_t length = out.size() + extra - kHeaderSize;
    if (length > 0xFFFF) throw std::invalid_argument("STUN message longer than 65535 bytes");
    out.patch_u16(2, static_cast<std::uint16_t>(length));
  };

  if (options.integrity_key && options.integrity_sha1) {
    // RFC 8489 §14.5: HMAC-SHA1 over the message so far, the length counting this 24-byte attribute.
    set_length(4 + 20);
    const Bytes mac = hmac_sha1(*options.integrity_key, out.bytes());
    MessageIntegrity mi;
    std::copy(mac.begin(), mac.end(), mi.hmac.begin());
    encode_attribute(mi, message.transaction_id(), out);
  }
  if (options.integrity_key && options.integrity_sha256) {
    // RFC 8489 §14.6: the same with HMAC-SHA256 (32 bytes, sent untruncated).
    set_length(4 + 32);
    encode_attribute(MessageIntegritySha256{hmac_sha256(*options.integrity_key, out.bytes())},
                     message.transaction_id(), out);
  }
  if (options.fingerprint) {
    // RFC 8489 §14.7: CRC-32 over the message so far, the length counting this 8-byte attribute.
    set_length(4 + 4);
    encode_attribute(Fingerprint{fingerprint_of(out.bytes())}, message.transaction_id(), out);
  }
  set_length(0);
  return out.take();
}

}  // namespace lucid::stun
