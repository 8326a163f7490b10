// SCTP Payload Protocol Identifiers of WebRTC data channels (RFC 8831 §8, IANA registry).
//
// Every SCTP DATA chunk carries a PPID; data channels use it to tell a DCEP control message from
// a user message, and a text message from a binary one.
#pragma once

#include <cstdint>
#include <optional>

namespace lucid::sctp {

enum class Ppid : std::uint32_t {
  Dcep = 50,            // RFC 8832 §8.1: DATA_CHANNEL_OPEN / DATA_CHANNEL_ACK
  String = 51,          // RFC 8831 §8: a UTF-8 message
  StringPartial = 52,  // deprecated (RFC 8831 §6.6): never sent, refused when received
  Binary = 53,
  BinaryPartial = 54,  // deprecated, like 52
  StringEmpty = 56,    // RFC 8831 §6.6: SCTP cannot carry an empty message, so an empty string
  BinaryEmpty = 57,    // is sent as one zero byte with PPID 56 (57 for empty binary)
};

// What the application sent: text (a JavaScript string) or bytes (an ArrayBuffer/Blob).
enum class MessageKind { Text, Binary };

// The PPID a user message goes out with (RFC 8831 §6.6: empty messages get 56/57).
constexpr Ppid ppid_for(MessageKind kind, bool empty) {
  if (kind == MessageKind::Text) return empty ? Ppid::StringEmpty : Ppid::String;
  return empty ? Ppid::BinaryEmpty : Ppid::Binary;
}

}  // namespace lucid::sctp
