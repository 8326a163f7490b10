// A STUN message: the 20-byte header and the list of attributes (RFC 8489 §5, §6).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |0 0|     STUN Message Type     |         Message Length        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                         Magic Cookie                          |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                     Transaction ID (96 bits)                  |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// parse() turns a datagram into a Message or says exactly why it is not a valid one; encode()
// turns a Message back into bytes, adding MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and
// FINGERPRINT at the end when asked to.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/random.h"
#include "common/result.h"
#include "stun/attributes.h"

namespace lucid::stun {

// RFC 8489 §5: the fixed value in bytes 4-7 that marks an RFC 5389/8489 message.
inline constexpr std::uint32_t kMagicCookie = 0x2112A442;
inline constexpr std::size_t kHeaderSize = 20;

// What the message asks for (RFC 8489 §18.2; Allocate..ChannelBind are TURN's, RFC 8656).
// Any 12-bit value is representable; these are the ones lucid names.
enum class Method : std::uint16_t {
  Binding = 0x001,
  Allocate = 0x003,
  Refresh = 0x004,
  Send = 0x006,
  Data = 0x007,
  CreatePermission = 0x008,
  ChannelBind = 0x009,
};

// Whether it is a request, an indication, or one of the two kinds of response (RFC 8489 §5).
enum class MessageClass : std::uint8_t {
  Request = 0b00,
  Indication = 0b01,
  SuccessResponse = 0b10,
  ErrorResponse = 0b11,
};

// RFC 8489 §5: the 14-bit type interleaves the method bits M11..M0 with the class bits C1 C0:
// M11-M7 C1 M6-M4 C0 M3-M0. A Binding request is 0x0001, its success response 0x0101.
std::uint16_t message_type(Method method, MessageClass message_class);
Method method_of_type(std::uint16_t type);
MessageClass class_of_type(std::uint16_t type);

std::string method_name(Method method);                   // "Binding", or "0x00a"
std::string_view class_name(MessageClass message_class);  // "request", "success response", ...

// A fresh transaction id; RFC 8489 §6 wants it uniformly random, so pass crypto_random()
// for real use and a SeededRandom in tests.
TransactionId random_transaction_id(Random& random);
std::string to_hex(const TransactionId& id);

// RFC 7983 demultiplexing plus RFC 8489 §5: the first byte is 0-3, the magic cookie is in place,
// and the length field matches the datagram. Cheap: it reads the header only. A true answer
// does not promise that parse() succeeds.
bool is_stun(BytesView datagram);

class Message {
 public:
  Message() = default;
  Message(Method method, MessageClass message_class, TransactionId transaction_id);

  // A new request with a random transaction id.
  static Message request(Method method, Random& random);
  // An empty response to `request`: same method and transaction id, class SuccessResponse
  // or ErrorResponse (RFC 8489 §6.3.1.1).
  static Message response_to(const Message& request, MessageClass message_class);

  Method method() const { return method_; }
  MessageClass message_class() const { return class_; }
  const TransactionId& transaction_id() const { return transaction_id_; }
  bool is_request() const { return class_ == MessageClass::Request; }
  bool is_response() const {
    return class_ == MessageClass::SuccessResponse || class_ == MessageClass::ErrorResponse;
  }

  // The attributes in wire order. A parsed message lists MESSAGE-INTEGRITY(-SHA256) and
  // FINGERPRINT too; encode() ignores those entries and computes fresh ones from its options.
  const std::vector<Attribute>& attributes() const { return attributes_; }
  void add(Attribute attribute) { attributes_.push_back(std::move(attribute)); }

  // The first attribute of type T, or nullptr. RFC 8489 §14: when a type repeats, only the
  // first occurrence counts.   if (auto* a = msg.get<XorMappedAddress>()) use(a->address);
  template <typename T>
  const T* get() const {
    for (const Attribute& a : attributes_)
      if (const T* t = std::get_if<T>(&a)) return t;
    return nullptr;
  }
  template <typename T>
  bool has() const {
    return get<T>() != nullptr;
  }

  // Comprehension-required attributes (type < 0x8000) that lucid does not understand; a
  // responder answers a request carrying any with 420 and UNKNOWN-ATTRIBUTES (RFC 8489 §6.3.1).
  std::vector<std::uint16_t> unknown_comprehension_required() const;

  // For a parsed message: the datagram exactly as received, and where each attribute's
  // type/length header starts in it (same order as attributes()). Empty for a built message.
  // verify_integrity() needs these, and the stun-client example prints from them.
  const Bytes& raw() const { return raw_; }
  const std::vector<std::size_t>& raw_offsets() const { return raw_offsets_; }

 private:
  friend Result<Message> parse(BytesView datagram);

  Method method_ = Method::Binding;
  MessageClass class_ = MessageClass::Request;
  TransactionId transaction_id_{};
  std::vector<Attribute> attributes_;
  Bytes raw_;
  std::vector<std::size_t> raw_offsets_;
};

// Reads one datagram. Every way a datagram can fail to be a STUN message is an Error naming
// what and where: too short for a header, first two bits set, wrong magic cookie, length not a
// multiple of 4 or not matching the datagram, an attribute running past the end, a malformed
// known attribute, an attribute after MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256 and
// FINGERPRINT, anything after FINGERPRINT, a FINGERPRINT that does not match.
// MESSAGE-INTEGRITY needs a key, so it is checked separately by verify_integrity().
Result<Message> parse(BytesView datagram);

// What encode() adds after the message's own attributes (RFC 8489 §14.5-§14.7: always in
// this order, and FINGERPRINT last).
struct EncodeOptions {
  // The key for the integrity attributes (see credentials.h); none: no integrity.
  std::optional<Bytes> integrity_key;
  // With a key: add MESSAGE-INTEGRITY (HMAC-SHA1), MESSAGE-INTEGRITY-SHA256 (32 bytes), or both.
  bool integrity_sha1 = true;
  bool integrity_sha256 = false;
  // Adds FINGERPRINT.
  bool fingerprint = false;
  // The value of padding bytes; RFC 8489 says any value will do, RFC 5769 uses 0x20.
  std::uint8_t padding_byte = 0x00;
};

// Writes the message: header, attributes with padding, then integrity and fingerprint as the
// options say. The length field is patched as RFC 8489 §14.5 requires before each HMAC/CRC.
Bytes encode(const Message& message, const EncodeOptions& options = {});

}  // namespace lucid::stun
