// STUN attributes as typed values (RFC 8489 §14, RFC 8445 §16.1, RFC 8656 §18).
//
// After the 20-byte header a STUN message carries a list of attributes, each one
// type (16 bits) | length (16 bits) | value (length bytes, then padding to a multiple of 4).
// Here every attribute lucid understands is a small struct with its wire type in kType, and
// `Attribute` is a std::variant of them. Anything else is kept byte for byte as UnknownAttribute,
// so that a responder can name it in a 420 answer (RFC 8489 §6.3.1) and a relay can pass it on.
//
// To add an attribute: add a struct here, add it to the
// variant, and give it a case in decode_value()/encode_value() in attributes.cpp.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/address.h"
#include "common/bytes.h"
#include "common/result.h"

namespace lucid::stun {

// The 96-bit transaction id (RFC 8489 §5) that ties a response to its request.
using TransactionId = std::array<std::uint8_t, 12>;

// Attribute types (IANA "STUN Attributes" registry). Types below 0x8000 are
// comprehension-required: an agent that does not know one must not ignore it (RFC 8489 §14).
namespace attr {
inline constexpr std::uint16_t kMappedAddress = 0x0001;           // RFC 8489 §14.1
inline constexpr std::uint16_t kUsername = 0x0006;                // RFC 8489 §14.3
inline constexpr std::uint16_t kMessageIntegrity = 0x0008;        // RFC 8489 §14.5
inline constexpr std::uint16_t kErrorCode = 0x0009;               // RFC 8489 §14.8
inline constexpr std::uint16_t kUnknownAttributes = 0x000A;       // RFC 8489 §14.13
inline constexpr std::uint16_t kChannelNumber = 0x000C;           // RFC 8656 §18.1
inline constexpr std::uint16_t kLifetime = 0x000D;                // RFC 8656 §18.2
inline constexpr std::uint16_t kXorPeerAddress = 0x0012;          // RFC 8656 §18.3
inline constexpr std::uint16_t kData = 0x0013;                    // RFC 8656 §18.4
inline constexpr std::uint16_t kRealm = 0x0014;                   // RFC 8489 §14.9
inline constexpr std::uint16_t kNonce = 0x0015;                   // RFC 8489 §14.10
inline constexpr std::uint16_t kXorRelayedAddress = 0x0016;       // RFC 8656 §18.5
inline constexpr std::uint16_t kRequestedTransport = 0x0019;      // RFC 8656 §18.8
inline constexpr std::uint16_t kMessageIntegritySha256 = 0x001C;  // RFC 8489 §14.6
inline constexpr std::uint16_t kPasswordAlgorithm = 0x001D;       // RFC 8489 §14.12
inline constexpr std::uint16_t kXorMappedAddress = 0x0020;        // RFC 8489 §14.2
inline constexpr std::uint16_t kPriority = 0x0024;                // RFC 8445 §16.1
inline constexpr std::uint16_t kUseCandidate = 0x0025;            // RFC 8445 §16.1
inline constexpr std::uint16_t kPasswordAlgorithms = 0x8002;      // RFC 8489 §14.11
inline constexpr std::uint16_t kSoftware = 0x8022;                // RFC 8489 §14.14
inline constexpr std::uint16_t kAlternateServer = 0x8023;         // RFC 8489 §14.15
inline constexpr std::uint16_t kFingerprint = 0x8028;             // RFC 8489 §14.7
inline constexpr std::uint16_t kIceControlled = 0x8029;           // RFC 8445 §16.1
inline constexpr std::uint16_t kIceControlling = 0x802A;          // RFC 8445 §16.1
}  // namespace attr

// RFC 8489 §14: types 0x0000-0x7FFF must be understood; 0x8000-0xFFFF may be ignored.
constexpr bool is_comprehension_required(std::uint16_t type) { return type < 0x8000; }

// MAPPED-ADDRESS: the client's address as the server saw it, in the clear (RFC 3489 servers).
struct MappedAddress {
  static constexpr std::uint16_t kType = attr::kMappedAddress;
  SocketAddress address;
  bool operator==(const MappedAddress&) const = default;
};

// XOR-MAPPED-ADDRESS: the same, XOR-ed with the magic cookie (and, for IPv6, the transaction id)
// so that NATs that rewrite addresses they find in payloads leave it alone (RFC 8489 §14.2).
// `address` holds the real address; the XOR happens on the wire only.
struct XorMappedAddress {
  static constexpr std::uint16_t kType = attr::kXorMappedAddress;
  SocketAddress address;
  bool operator==(const XorMappedAddress&) const = default;
};

// USERNAME: who is asking; in ICE "remote-ufrag:local-ufrag" of the receiver (RFC 8445 §7.2.2).
struct Username {
  static constexpr std::uint16_t kType = attr::kUsername;
  std::string value;
  bool operator==(const Username&) const = default;
};

// MESSAGE-INTEGRITY: HMAC-SHA1 over the message up to this attribute (RFC 8489 §14.5).
// Computed by encode() and checked by verify_integrity(); never filled in by hand.
struct MessageIntegrity {
  static constexpr std::uint16_t kType = attr::kMessageIntegrity;
  std::array<std::uint8_t, 20> hmac{};
  bool operator==(const MessageIntegrity&) const = default;
};

// MESSAGE-INTEGRITY-SHA256: HMAC-SHA256, possibly truncated to 16..32 bytes (RFC 8489 §14.6).
struct MessageIntegritySha256 {
  static constexpr std::uint16_t kType = attr::kMessageIntegritySha256;
  Bytes hmac;
  bool operator==(const MessageIntegritySha256&) const = default;
};

// FINGERPRINT: CRC-32 of the message XOR 0x5354554e; tells STUN apart from other protocols on
// the same port (RFC 8489 §14.7). Computed by encode() and checked by parse().
struct Fingerprint {
  static constexpr std::uint16_t kType = attr::kFingerprint;
  std::uint32_t crc = 0;
  bool operator==(const Fingerprint&) const = default;
};

// ERROR-CODE: a number 300-699 and a reason phrase (RFC 8489 §14.8).
struct ErrorCode {
  static constexpr std::uint16_t kType = attr::kErrorCode;
  std::uint16_t code = 0;
  std::string reason;
  bool operator==(const ErrorCode&) const = default;
};

// The error codes lucid sends or reacts to (RFC 8489 §14.8, RFC 8445 §7.3.1.1).
namespace error {
inline constexpr std::uint16_t kTryAlternate = 300;
inline constexpr std::uint16_t kBadRequest = 400;
inline constexpr std::uint16_t kUnauthorized = 401;
inline constexpr std::uint16_t kUnknownAttribute = 420;
inline constexpr std::uint16_t kStaleNonce = 438;
inline constexpr std::uint16_t kRoleConflict = 487;
inline constexpr std::uint16_t kServerError = 500;
// TURN's (RFC 8656 §19).
inline constexpr std::uint16_t kForbidden = 403;
inline constexpr std::uint16_t kAllocationMismatch = 437;
inline constexpr std::uint16_t kAddressFamilyNotSupported = 440;
inline constexpr std::uint16_t kWrongCredentials = 441;
inline constexpr std::uint16_t kUnsupportedTransportProtocol = 442;
inline constexpr std::uint16_t kPeerAddressFamilyMismatch = 443;
inline constexpr std::uint16_t kAllocationQuotaReached = 486;
inline constexpr std::uint16_t kInsufficientCapacity = 508;
}  // namespace error

// UNKNOWN-ATTRIBUTES: the comprehension-required types a 420 response names
// (RFC 8489 §14.13).
struct UnknownAttributes {
  static constexpr std::uint16_t kType = attr::kUnknownAttributes;
  std::vector<std::uint16_t> types;
  bool operator==(const UnknownAttributes&) const = default;
};

// REALM: the long-term credential domain a server asks for in a 401 (RFC 8489 §14.9).
struct Realm {
  static constexpr std::uint16_t kType = attr::kRealm;
  std::string value;
  bool operator==(const Realm&) const = default;
};

// NONCE: the server's current nonce; a stale one is answered with 438 (RFC 8489 §14.10).
struct Nonce {
  static constexpr std::uint16_t kType = attr::kNonce;
  std::string value;
  bool operator==(const Nonce&) const = default;
};

// SOFTWARE: a free-text name and version of the sender, for debugging (RFC 8489 §14.14).
struct Software {
  static constexpr std::uint16_t kType = attr::kSoftware;
  std::string value;
  bool operator==(const Software&) const = default;
};

// ALTERNATE-SERVER: where a 300 Try Alternate sends the client, in the clear (RFC 8489 §14.15).
struct AlternateServer {
  static constexpr std::uint16_t kType = attr::kAlternateServer;
  SocketAddress address;
  bool operator==(const AlternateServer&) const = default;
};

// PRIORITY: the priority a peer-reflexive candidate learned from this check would get
// (RFC 8445 §7.1.1).
struct Priority {
  static constexpr std::uint16_t kType = attr::kPriority;
  std::uint32_t value = 0;
  bool operator==(const Priority&) const = default;
};

// USE-CANDIDATE: the controlling agent nominates this pair (RFC 8445 §7.1.2). No value.
struct UseCandidate {
  static constexpr std::uint16_t kType = attr::kUseCandidate;
  bool operator==(const UseCandidate&) const = default;
};

// ICE-CONTROLLED / ICE-CONTROLLING: the sender's role and its tie-breaker for role conflicts
// (RFC 8445 §7.1.3).
struct IceControlled {
  static constexpr std::uint16_t kType = attr::kIceControlled;
  std::uint64_t tie_breaker = 0;
  bool operator==(const IceControlled&) const = default;
};
struct IceControlling {
  static constexpr std::uint16_t kType = attr::kIceControlling;
  std::uint64_t tie_breaker = 0;
  bool operator==(const IceControlling&) const = default;
};

// ---- TURN (RFC 8656 §18) ----

// CHANNEL-NUMBER: the channel a ChannelBind binds, 0x4000-0x4FFF (RFC 8656 §18.1); then 16
// reserved bits. Any 16-bit value parses; the range is the TURN client's and server's to check.
struct ChannelNumber {
  static constexpr std::uint16_t kType = attr::kChannelNumber;
  std::uint16_t number = 0;
  bool operator==(const ChannelNumber&) const = default;
};

// LIFETIME: seconds until the allocation expires without a refresh (RFC 8656 §18.2);
// 0 in a Refresh request deletes the allocation.
struct Lifetime {
  static constexpr std::uint16_t kType = attr::kLifetime;
  std::uint32_t seconds = 0;
  bool operator==(const Lifetime&) const = default;
};

// XOR-PEER-ADDRESS: a peer's address as the relay sees it, XOR-ed like XOR-MAPPED-ADDRESS
// (RFC 8656 §18.3). Names whom a permission, channel, Send or Data indication is for.
struct XorPeerAddress {
  static constexpr std::uint16_t kType = attr::kXorPeerAddress;
  SocketAddress address;
  bool operator==(const XorPeerAddress&) const = default;
};

// DATA: the application data a Send or Data indication carries (RFC 8656 §18.4).
struct Data {
  static constexpr std::uint16_t kType = attr::kData;
  Bytes value;
  bool operator==(const Data&) const = default;
};

// XOR-RELAYED-ADDRESS: the address the server allocated on the client's behalf, where peers
// send to reach it (RFC 8656 §18.5): the relayed candidate.
struct XorRelayedAddress {
  static constexpr std::uint16_t kType = attr::kXorRelayedAddress;
  SocketAddress address;
  bool operator==(const XorRelayedAddress&) const = default;
};

// REQUESTED-TRANSPORT: the protocol between relay and peers, an IP protocol number; 17 is UDP,
// the only one RFC 8656 defines (§18.8). Then 24 reserved bits.
struct RequestedTransport {
  static constexpr std::uint16_t kType = attr::kRequestedTransport;
  static constexpr std::uint8_t kUdp = 17;
  std::uint8_t protocol = kUdp;
  bool operator==(const RequestedTransport&) const = default;
};

// ---- password algorithms (RFC 8489 §14.11, §14.12, §18.5) ----

// One algorithm: 0x0001 MD5 (the RFC 5389 key), 0x0002 SHA-256; parameters are empty for both.
struct PasswordAlgorithmEntry {
  static constexpr std::uint16_t kMd5 = 0x0001;
  static constexpr std::uint16_t kSha256 = 0x0002;
  std::uint16_t algorithm = kMd5;
  Bytes parameters;
  bool operator==(const PasswordAlgorithmEntry&) const = default;
};

// PASSWORD-ALGORITHMS: the algorithms a server offers in its 401, in its order of preference;
// the client echoes the list in its next request, so that a downgrade is detected (RFC 8489 §9.2.4).
struct PasswordAlgorithms {
  static constexpr std::uint16_t kType = attr::kPasswordAlgorithms;
  std::vector<PasswordAlgorithmEntry> algorithms;
  bool operator==(const PasswordAlgorithms&) const = default;
};

// PASSWORD-ALGORITHM: the one the client chose from that list (the first it supports).
struct PasswordAlgorithm {
  static constexpr std::uint16_t kType = attr::kPasswordAlgorithm;
  PasswordAlgorithmEntry chosen;
  bool operator==(const PasswordAlgorithm&) const = default;
};

// Any attribute lucid does not interpret, kept as it was on the wire (without padding).
struct UnknownAttribute {
  std::uint16_t type = 0;
  Bytes value;
  bool operator==(const UnknownAttribute&) const = default;
};

using Attribute = std::variant<MappedAddress, XorMappedAddress, Username, MessageIntegrity,
                               MessageIntegritySha256, Fingerprint, ErrorCode, UnknownAttributes,
                               Realm, Nonce, Software, AlternateServer, Priority, UseCandidate,
                               IceControlled, IceControlling, ChannelNumber, Lifetime,
                               XorPeerAddress, Data, XorRelayedAddress, RequestedTransport,
                               PasswordAlgorithms, PasswordAlgorithm, UnknownAttribute>;

// The wire type of any attribute.
std::uint16_t type_of(const Attribute& attribute);

// "XOR-MAPPED-ADDRESS", "USERNAME", ... or "0x802b" for a type lucid does not know.
std::string attribute_name(std::uint16_t type);

// One line a learner reads: `XOR-MAPPED-ADDRESS 192.0.2.1:32853`, `ERROR-CODE 401 Unauthorized`.
std::string describe(const Attribute& attribute);

// Decodes the value of one attribute (no type/length header, no padding). Address attributes need
// the transaction id for the XOR. A value that does not fit its type's format is an Error.
Result<Attribute> decode_attribute(std::uint16_t type, BytesView value, const TransactionId& id);

// Writes one attribute: type, length, value, and padding bytes to the next multiple of 4.
// RFC 8489 §14: padding may be any value; RFC 5769's vectors use spaces (0x20), others zeros.
void encode_attribute(const Attribute& attribute, const TransactionId& id, ByteWriter& out,
                      std::uint8_t padding_byte = 0);

}  // namespace lucid::stun
