#include "stun/attributes.h"

#include <cstdio>
#include <stdexcept>

#include "common/hex.h"
#include "stun/message.h"

namespace lucid::stun {

namespace {

// RFC 8489 §14.1: address family codes inside (XOR-)MAPPED-ADDRESS and ALTERNATE-SERVER.
constexpr std::uint8_t kFamilyIpv4 = 0x01;
constexpr std::uint8_t kFamilyIpv6 = 0x02;

// RFC 8489 §14.3/§14.9/§14.10/§14.14: USERNAME fewer than 509 bytes (RFC 5389 allowed up to 512,
// which we still accept); REALM, NONCE, SOFTWARE and the ERROR-CODE reason at most 763 bytes.
constexpr std::size_t kMaxUsername = 512;
constexpr std::size_t kMaxText = 763;

// The bytes an address is XOR-ed with: the magic cookie, then the transaction id (RFC 8489 §14.2).
std::array<std::uint8_t, 16> xor_pad(const TransactionId& id) {
  std::array<std::uint8_t, 16> pad{};
  pad[0] = static_cast<std::uint8_t>(kMagicCookie >> 24);
  pad[1] = static_cast<std::uint8_t>(kMagicCookie >> 16);
  pad[2] = static_cast<std::uint8_t>(kMagicCookie >> 8);
  pad[3] = static_cast<std::uint8_t>(kMagicCookie);
  for (std::size_t i = 0; i < id.size(); ++i) pad[4 + i] = id[i];
  return pad;
}

// The value of MAPPED-ADDRESS, ALTERNATE-SERVER, and (before un-XOR-ing) XOR-MAPPED-ADDRESS:
//   0x00 | family | port (16 bits) | address (4 or 16 bytes)          RFC 8489 §14.1
Result<SocketAddress> decode_address(BytesView value, bool xored, const TransactionId& id) {
  ByteReader r(value);
  auto reserved = r.read_u8();
  auto family = r.read_u8();
  auto port = r.read_u16();
  if (!reserved || !family || !port) return fail("address shorter than 4 bytes");
  std::size_t size = 0;
  if (*family == kFamilyIpv4)
    size = 4;
  else if (*family == kFamilyIpv6)
    size = 16;
  else
    return fail("address family " + std::to_string(*family) + " is neither 1 (IPv4) nor 2 (IPv6)");
  if (value.size() != 4 + size) {
    return fail("address of family " + std::to_string(*family) + " must be " +
                std::to_string(4 + size) + " bytes, not " + std::to_string(value.size()));
  }
  auto bytes = r.read_bytes(size);
  if (!bytes) return bytes.error();
  const auto pad = xor_pad(id);
  std::array<std::uint8_t, 16> ip{};
  for (std::size_t i = 0; i < size; ++i)
    ip[i] = static_cast<std::uint8_t>((*bytes)[i] ^ (xored ? pad[i] : 0));
  SocketAddress address;
  // RFC 8489 §14.2: X-Port is the port XOR the most significant 16 bits of the magic cookie.
  address.port = xored ? static_cast<std::uint16_t>(*port ^ (kMagicCookie >> 16)) : *port;
  address.ip = size == 4 ? IpAddress::v4({ip[0], ip[1], ip[2], ip[3]}) : IpAddress::v6(ip);
  return address;
}

void encode_address(const SocketAddress& address, bool xored, const TransactionId& id,
                    ByteWriter& out) {
  out.write_u8(0);
  out.write_u8(address.ip.is_v4() ? kFamilyIpv4 : kFamilyIpv6);
  out.write_u16(xored ? static_cast<std::uint16_t>(address.port ^ (kMagicCookie >> 16))
                      : address.port);
  const auto pad = xor_pad(id);
  for (std::size_t i = 0; i < address.ip.size(); ++i)
    out.write_u8(static_cast<std::uint8_t>(address.ip.data()[i] ^ (xored ? pad[i] : 0)));
}

Result<std::string> decode_text(BytesView value, std::size_t max) {
  if (value.size() > max) {
    return fail(std::to_string(value.size()) + " bytes, more than the " + std::to_string(max) +
                " allowed");
  }
  return to_string(value);
}

void check_text(const std::string& text, std::size_t max, const char* what) {
  if (text.size() > max)
    throw std::invalid_argument(std::string(what) + " longer than RFC 8489 allows");
}

Result<std::uint64_t> decode_fixed(BytesView value, std::size_t size) {
  if (value.size() != size) {
    return fail("value must be " + std::to_string(size) + " bytes, not " +
                std::to_string(value.size()));
  }
  std::uint64_t v = 0;
  for (std::uint8_t b : value) v = (v << 8) | b;
  return v;
}

// RFC 8489 §14.11/§14.12: a sequence of algorithm (16 bits) | parameters length (16 bits) |
// parameters, each padded to a multiple of 4 bytes.
Result<std::vector<PasswordAlgorithmEntry>> decode_algorithms(BytesView value) {
  ByteReader r(value);
  std::vector<PasswordAlgorithmEntry> list;
  while (!r.empty()) {
    auto algorithm = r.read_u16();
    auto length = r.read_u16();
    if (!algorithm || !length) return fail("algorithm entry shorter than 4 bytes");
    auto parameters = r.read_bytes(*length);
    if (!parameters) return fail("algorithm parameters run past the end");
    const std::size_t padding = (4 - *length % 4) % 4;
    if (r.remaining() < padding) return fail("algorithm parameters not padded to 4 bytes");
    (void)r.skip(padding);
    list.push_back({*algorithm, Bytes(parameters->begin(), parameters->end())});
  }
  return list;
}

void encode_algorithm(const PasswordAlgorithmEntry& entry, ByteWriter& out) {
  if (entry.parameters.size() > 0xFFFF) throw std::invalid_argument("algorithm parameters too long");
  out.write_u16(entry.algorithm);
  out.write_u16(static_cast<std::uint16_t>(entry.parameters.size()));
  out.write_bytes(entry.parameters);
  out.write_zeros((4 - entry.parameters.size() % 4) % 4);
}

// Decodes a value known to belong to `type`; wraps any error with the attribute's name.
Result<Attribute> decode_value(std::uint16_t type, BytesView value, const TransactionId& id) {
  switch (type) {
    case attr::kMappedAddress:
    case attr::kXorMappedAddress:
    case attr::kAlternateServer:
    case attr::kXorPeerAddress:
    case attr::kXorRelayedAddress: {
      const bool xored = type != attr::kMappedAddress && type != attr::kAlternateServer;
      auto address = decode_address(value, xored, id);
      if (!address) return address.error();
      if (type == attr::kMappedAddress) return Attribute{MappedAddress{*address}};
      if (type == attr::kAlternateServer) return Attribute{AlternateServer{*address}};
      if (type == attr::kXorPeerAddress) return Attribute{XorPeerAddress{*address}};
      if (type == attr::kXorRelayedAddress) return Attribute{XorRelayedAddress{*address}};
      return Attribute{XorMappedAddress{*address}};
    }
    case attr::kChannelNumber: {
      // RFC 8656 §18.1: the number, then 16 RFFU bits (ignored on reception).
      auto v = decode_fixed(value, 4);
      if (!v) return v.error();
      return Attribute{ChannelNumber{static_cast<std::uint16_t>(*v >> 16)}};
    }
    case attr::kLifetime: {
      auto v = decode_fixed(value, 4);
      if (!v) return v.error();
      return Attribute{Lifetime{static_cast<std::uint32_t>(*v)}};
    }
    case attr::kData: return Attribute{Data{Bytes(value.begin(), value.end())}};
    case attr::kRequestedTransport: {
      // RFC 8656 §18.7: the protocol number, then 24 RFFU bits.
      auto v = decode_fixed(value, 4);
      if (!v) return v.error();
      return Attribute{RequestedTransport{static_cast<std::uint8_t>(*v >> 24)}};
    }
    case attr::kPasswordAlgorithms: {
      auto list = decode_algorithms(value);
      if (!list) return list.error();
      if (list->empty()) return fail("lists no algorithm");
      return Attribute{PasswordAlgorithms{*list}};
    }
    case attr::kPasswordAlgorithm: {
      auto list = decode_algorithms(value);
      if (!list) return list.error();
      if (list->size() != 1)
        return fail("must hold exactly one algorithm, holds " + std::to_string(list->size()));
      return Attribute{PasswordAlgorithm{list->front()}};
    }
    case attr::kUsername:
    case attr::kRealm:
    case attr::kNonce:
    case attr::kSoftware: {
      auto text = decode_text(value, type == attr::kUsername ? kMaxUsername : kMaxText);
      if (!text) return text.error();
      if (type == attr::kUsername) return Attribute{Username{*text}};
      if (type == attr::kRealm) return Attribute{Realm{*text}};
      if (type == attr::kNonce) return Attribute{Nonce{*text}};
      return Attribute{Software{*text}};
    }
    case attr::kMessageIntegrity: {
      if (value.size() != 20)
        return fail("value must be 20 bytes, not " + std::to_string(value.size()));
      MessageIntegrity mi;
      std::copy(value.begin(), value.end(), mi.hmac.begin());
      return Attribute{mi};
    }
    case attr::kMessageIntegritySha256:
      // RFC 8489 §14.6: 16 to 32 bytes, a multiple of 4.
      if (value.size() < 16 || value.size() > 32 || value.size() % 4 != 0)
        return fail("value must be 16 to 32 bytes in steps of 4, not " +
                    std::to_string(value.size()));
      return Attribute{MessageIntegritySha256{Bytes(value.begin(), value.end())}};
    case attr::kFingerprint: {
      auto v = decode_fixed(value, 4);
      if (!v) return v.error();
      return Attribute{Fingerprint{static_cast<std::uint32_t>(*v)}};
    }
    case attr::kErrorCode: {
      // RFC 8489 §14.8: 21 reserved bits, Class (3 bits, 3..6), Number (8 bits, 0..99), reason.
      if (value.size() < 4) return fail("shorter than 4 bytes");
      const unsigned klass = value[2] & 0x07;
      const unsigned number = value[3];
      if (klass < 3 || klass > 6 || number > 99)
        return fail("class " + std::to_string(klass) + " number " + std::to_string(number) +
                    " is not an error code 300-699");
      auto reason = decode_text(value.subspan(4), kMaxText);
      if (!reason) return reason.error();
      return Attribute{ErrorCode{static_cast<std::uint16_t>(klass * 100 + number), *reason}};
    }
    case attr::kUnknownAttributes: {
      if (value.size() % 2 != 0) return fail("odd length " + std::to_string(value.size()));
      UnknownAttributes list;
      for (std::size_t i = 0; i < value.size(); i += 2)
        list.types.push_back(static_cast<std::uint16_t>((value[i] << 8) | value[i + 1]));
      return Attribute{list};
    }
    case attr::kPriority: {
      auto v = decode_fixed(value, 4);
      if (!v) return v.error();
      return Attribute{Priority{static_cast<std::uint32_t>(*v)}};
    }
    case attr::kUseCandidate:
      if (!value.empty())
        return fail("must be empty, has " + std::to_string(value.size()) + " bytes");
      return Attribute{UseCandidate{}};
    case attr::kIceControlled:
    case attr::kIceControlling: {
      auto v = decode_fixed(value, 8);
      if (!v) return v.error();
      if (type == attr::kIceControlled) return Attribute{IceControlled{*v}};
      return Attribute{IceControlling{*v}};
    }
    default: return Attribute{UnknownAttribute{type, Bytes(value.begin(), value.end())}};
  }
}

// Writes the value only (no header, no padding).
void encode_value(const Attribute& attribute, const TransactionId& id, ByteWriter& out) {
  std::visit(
      [&](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, MappedAddress> || std::is_same_v<T, AlternateServer>) {
          encode_address(a.address, false, id, out);
        } else if constexpr (std::is_same_v<T, XorMappedAddress> ||
                             std::is_same_v<T, XorPeerAddress> ||
                             std::is_same_v<T, XorRelayedAddress>) {
          encode_address(a.address, true, id, out);
        } else if constexpr (std::is_same_v<T, ChannelNumber>) {
          out.write_u16(a.number);
          out.write_u16(0);
        } else if constexpr (std::is_same_v<T, Lifetime>) {
          out.write_u32(a.seconds);
        } else if constexpr (std::is_same_v<T, Data>) {
          out.write_bytes(a.value);
        } else if constexpr (std::is_same_v<T, RequestedTransport>) {
          out.write_u8(a.protocol);
          out.write_zeros(3);
        } else if constexpr (std::is_same_v<T, PasswordAlgorithms>) {
          for (const PasswordAlgorithmEntry& e : a.algorithms) encode_algorithm(e, out);
        } else if constexpr (std::is_same_v<T, PasswordAlgorithm>) {
          encode_algorithm(a.chosen, out);
        } else if constexpr (std::is_same_v<T, Username>) {
          check_text(a.value, kMaxUsername, "USERNAME");
          out.write_bytes(to_bytes(a.value));
        } else if constexpr (std::is_same_v<T, Realm> || std::is_same_v<T, Nonce> ||
                             std::is_same_v<T, Software>) {
          check_text(a.value, kMaxText, "text attribute");
          out.write_bytes(to_bytes(a.value));
        } else if constexpr (std::is_same_v<T, MessageIntegrity> ||
                             std::is_same_v<T, MessageIntegritySha256>) {
          out.write_bytes(a.hmac);
        } else if constexpr (std::is_same_v<T, Fingerprint>) {
          out.write_u32(a.crc);
        } else if constexpr (std::is_same_v<T, ErrorCode>) {
          if (a.code < 300 || a.code > 699)
            throw std::invalid_argument("ERROR-CODE must be 300-699");
          check_text(a.reason, kMaxText, "ERROR-CODE reason");
          out.write_u16(0);
          out.write_u8(static_cast<std::uint8_t>(a.code / 100));
          out.write_u8(static_cast<std::uint8_t>(a.code % 100));
          out.write_bytes(to_bytes(a.reason));
        } else if constexpr (std::is_same_v<T, UnknownAttributes>) {
          for (std::uint16_t t : a.types) out.write_u16(t);
        } else if constexpr (std::is_same_v<T, Priority>) {
          out.write_u32(a.value);
        } else if constexpr (std::is_same_v<T, UseCandidate>) {
          // no value
        } else if constexpr (std::is_same_v<T, IceControlled> ||
                             std::is_same_v<T, IceControlling>) {
          out.write_u64(a.tie_breaker);
        } else {
          static_assert(std::is_same_v<T, UnknownAttribute>);
          out.write_bytes(a.value);
        }
      },
      attribute);
}

std::string hex16(std::uint16_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04x", v);
  return buf;
}

}  // namespace

std::uint16_t type_of(const Attribute& attribute) {
  return std::visit(
      [](const auto& a) -> std::uint16_t {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, UnknownAttribute>)
          return a.type;
        else
          return T::kType;
      },
      attribute);
}

std::string attribute_name(std::uint16_t type) {
  switch (type) {
    case attr::kMappedAddress: return "MAPPED-ADDRESS";
    case attr::kUsername: return "USERNAME";
    case attr::kMessageIntegrity: return "MESSAGE-INTEGRITY";
    case attr::kErrorCode: return "ERROR-CODE";
    case attr::kUnknownAttributes: return "UNKNOWN-ATTRIBUTES";
    case attr::kRealm: return "REALM";
    case attr::kNonce: return "NONCE";
    case attr::kMessageIntegritySha256: return "MESSAGE-INTEGRITY-SHA256";
    case attr::kXorMappedAddress: return "XOR-MAPPED-ADDRESS";
    case attr::kPriority: return "PRIORITY";
    case attr::kUseCandidate: return "USE-CANDIDATE";
    case attr::kSoftware: return "SOFTWARE";
    case attr::kAlternateServer: return "ALTERNATE-SERVER";
    case attr::kFingerprint: return "FINGERPRINT";
    case attr::kIceControlled: return "ICE-CONTROLLED";
    case attr::kIceControlling: return "ICE-CONTROLLING";
    case attr::kChannelNumber: return "CHANNEL-NUMBER";
    case attr::kLifetime: return "LIFETIME";
    case attr::kXorPeerAddress: return "XOR-PEER-ADDRESS";
    case attr::kData: return "DATA";
    case attr::kXorRelayedAddress: return "XOR-RELAYED-ADDRESS";
    case attr::kRequestedTransport: return "REQUESTED-TRANSPORT";
    case attr::kPasswordAlgorithm: return "PASSWORD-ALGORITHM";
    case attr::kPasswordAlgorithms: return "PASSWORD-ALGORITHMS";
    // Known to IANA but carried as raw bytes here; named so that dumps read well.
    case 0x0017: return "REQUESTED-ADDRESS-FAMILY";
    case 0x0018: return "EVEN-PORT";
    case 0x001A: return "DONT-FRAGMENT";
    case 0x001E: return "USERHASH";
    case 0x0022: return "RESERVATION-TOKEN";
    case 0x8000: return "ADDITIONAL-ADDRESS-FAMILY";
    case 0x8001: return "ADDRESS-ERROR-CODE";
    case 0x8003: return "ALTERNATE-DOMAIN";
    case 0x8004: return "ICMP";
    case 0x802B: return "RESPONSE-ORIGIN";
    case 0x802C: return "OTHER-ADDRESS";
    default: return hex16(type);
  }
}

std::string describe(const Attribute& attribute) {
  const std::string name = attribute_name(type_of(attribute));
  return std::visit(
      [&](const auto& a) -> std::string {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, MappedAddress> || std::is_same_v<T, XorMappedAddress> ||
                      std::is_same_v<T, AlternateServer> || std::is_same_v<T, XorPeerAddress> ||
                      std::is_same_v<T, XorRelayedAddress>) {
          return name + " " + a.address.to_string();
        } else if constexpr (std::is_same_v<T, ChannelNumber>) {
          return name + " " + hex16(a.number);
        } else if constexpr (std::is_same_v<T, Lifetime>) {
          return name + " " + std::to_string(a.seconds) + " s";
        } else if constexpr (std::is_same_v<T, Data>) {
          return name + " " + std::to_string(a.value.size()) + " bytes";
        } else if constexpr (std::is_same_v<T, RequestedTransport>) {
          return name + " " + std::to_string(a.protocol) + (a.protocol == 17 ? " (UDP)" : "");
        } else if constexpr (std::is_same_v<T, PasswordAlgorithms> ||
                             std::is_same_v<T, PasswordAlgorithm>) {
          std::string s = name;
          auto one = [&](const PasswordAlgorithmEntry& e) {
            s += e.algorithm == PasswordAlgorithmEntry::kMd5      ? " MD5"
                 : e.algorithm == PasswordAlgorithmEntry::kSha256 ? " SHA-256"
                                                                  : " " + hex16(e.algorithm);
          };
          if constexpr (std::is_same_v<T, PasswordAlgorithms>)
            for (const auto& e : a.algorithms) one(e);
          else
            one(a.chosen);
          return s;
        } else if constexpr (std::is_same_v<T, Username> || std::is_same_v<T, Realm> ||
                             std::is_same_v<T, Nonce> || std::is_same_v<T, Software>) {
          return name + " \"" + a.value + "\"";
        } else if constexpr (std::is_same_v<T, MessageIntegrity> ||
                             std::is_same_v<T, MessageIntegritySha256>) {
          return name + " HMAC " + lucid::to_hex(BytesView(a.hmac.data(), a.hmac.size()));
        } else if constexpr (std::is_same_v<T, Fingerprint>) {
          char buf[16];
          std::snprintf(buf, sizeof buf, "0x%08x", a.crc);
          return name + " CRC-32 ^ 0x5354554e = " + buf;
        } else if constexpr (std::is_same_v<T, ErrorCode>) {
          return name + " " + std::to_string(a.code) + " " + a.reason;
        } else if constexpr (std::is_same_v<T, UnknownAttributes>) {
          std::string s = name;
          for (std::uint16_t t : a.types) s += " " + attribute_name(t);
          return s;
        } else if constexpr (std::is_same_v<T, Priority>) {
          return name + " " + std::to_string(a.value);
        } else if constexpr (std::is_same_v<T, UseCandidate>) {
          return name;
        } else if constexpr (std::is_same_v<T, IceControlled> ||
                             std::is_same_v<T, IceControlling>) {
          return name + " tie-breaker " + std::to_string(a.tie_breaker);
        } else {
          return name + " (not interpreted) " + std::to_string(a.value.size()) + " bytes";
        }
      },
      attribute);
}

Result<Attribute> decode_attribute(std::uint16_t type, BytesView value, const TransactionId& id) {
  auto decoded = decode_value(type, value, id);
  if (!decoded) return fail(attribute_name(type) + ": " + decoded.error().what);
  return decoded;
}

void encode_attribute(const Attribute& attribute, const TransactionId& id, ByteWriter& out,
                      std::uint8_t padding_byte) {
  ByteWriter value;
  encode_value(attribute, id, value);
  if (value.size() > 0xFFFF) throw std::invalid_argument("attribute value longer than 65535 bytes");
  out.write_u16(type_of(attribute));
  out.write_u16(static_cast<std::uint16_t>(value.size()));
  out.write_bytes(value.bytes());
  // RFC 8489 §14: the value is padded to a multiple of 4 bytes; the length excludes the padding.
  for (std::size_t i = value.size(); i % 4 != 0; ++i) out.write_u8(padding_byte);
}

}  // namespace lucid::stun
