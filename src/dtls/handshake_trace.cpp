#include "dtls/handshake_trace.h"

namespace lucid::dtls::detail {
namespace {

// TLS record content types (RFC 5246 §6.2.1).
constexpr int kChangeCipherSpec = 20;
constexpr int kAlert = 21;
constexpr int kHandshake = 22;

struct MessageInfo {
  std::uint8_t type;
  const char* name;
  const char* why;
};

// RFC 5246 §7.4 and RFC 6347 §4.3.2 (HelloVerifyRequest).
constexpr MessageInfo kMessages[] = {
    {0, "HelloRequest", "the server asks for a new handshake (lucid refuses renegotiation)"},
    {1, "ClientHello",
     "the client's offer: random, cipher suites, use_srtp profiles, extended master secret"},
    {2, "ServerHello", "the server's choice of cipher suite and SRTP profile, and its random"},
    {3, "HelloVerifyRequest", "the server wants the client to echo a cookie, proving its address"},
    {4, "NewSessionTicket", "a ticket for resuming later"},
    {11, "Certificate",
     "its self-signed certificate; trust comes from a=fingerprint, not from a CA"},
    {12, "ServerKeyExchange", "the server's ECDHE public key, signed with its certificate's key"},
    {13, "CertificateRequest",
     "the server asks for the client's certificate: WebRTC authenticates both ends"},
    {14, "ServerHelloDone", "end of the server's flight"},
    {15, "CertificateVerify",
     "a signature over the handshake so far: the client owns its certificate's key"},
    {16, "ClientKeyExchange",
     "the client's ECDHE public key; both sides can now compute the master secret"},
    {20, "Finished", "a MAC over the whole handshake, the first encrypted message"},
};

const MessageInfo* find(std::uint8_t type) {
  for (const auto& m : kMessages)
    if (m.type == type) return &m;
  return nullptr;
}

}  // namespace

std::string handshake_message_name(std::uint8_t type) {
  if (const auto* m = find(type)) return m->name;
  return "handshake type " + std::to_string(type);
}

std::string HandshakeNarrator::describe(bool sent, int content_type, BytesView message) {
  const std::string verb = sent ? "sent " : "received ";
  // Who sent this message: us when `sent`, else the peer.
  const bool from_server = (role_ == Role::Server) == sent;

  const std::string again = sent && retransmitting_ ? ", again" : "";
  if (content_type == kChangeCipherSpec)
    return verb + "ChangeCipherSpec (flight " + (from_server ? "6" : "5") + again +
           "): records after this one are encrypted with the new keys";
  if (content_type == kAlert)
    return {};  // alerts are reported by the info callback with their names
  if (content_type != kHandshake) return {};

  ByteReader reader(message);
  const auto type = reader.read_u8();
  if (!type) return {};
  const auto* info = find(*type);
  if (info == nullptr) return verb + handshake_message_name(*type);

  int flight = 0;
  switch (*type) {
    case 1: flight = cookie_requested_ ? 3 : 1; break;
    case 3:
      flight = 2;
      cookie_requested_ = true;
      break;
    case 20: flight = from_server ? 6 : 5; break;
    case 11: flight = from_server ? 4 : 5; break;
    case 2:
    case 12:
    case 13:
    case 14: flight = 4; break;
    case 15:
    case 16: flight = 5; break;
    default: break;
  }
  std::string line = verb + info->name;
  if (flight != 0) line += " (flight " + std::to_string(flight) + again + ")";
  if (*type == 1 && flight == 3)
    line += ": the ClientHello again, now carrying the cookie";
  else
    line += std::string(": ") + info->why;
  return line;
}

}  // namespace lucid::dtls::detail
