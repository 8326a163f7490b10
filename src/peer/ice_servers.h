// ICE server URLs (RFC 7064 for stun:/stuns:, RFC 7065 for turn:/turns:), as RTCIceServer.urls
// carries them: "stun:192.0.2.1:3478", "stun:[2001:db8::1]", "turn:192.0.2.1?transport=udp".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/address.h"
#include "common/result.h"

namespace lucid {

// The STUN server a "stun:" URL names. Only IP literals (the connection resolves no names);
// the port defaults to 3478 (RFC 7064 §3.2). turn:/turns:/stuns: are Errors saying they are not
// supported yet.
Result<SocketAddress> parse_stun_url(std::string_view url);

// Whether `url` names a TURN server: its scheme is turn: or turns: (RFC 7065 §3.1).
bool is_turn_url(std::string_view url);

// What a "turn:"/"turns:" URL says. lucid has no TURN client yet: PeerConnection reads the URL
// only to refuse a malformed one, and reports a well-formed one as unsupported
// (IceCandidateErrorEvent) when gathering starts.
struct TurnUrl {
  bool secure = false;  // turns: (TURN over TLS, or DTLS with ?transport=udp)
  std::string host;     // an IP literal (IPv6 without its brackets) or a name, unresolved
  std::optional<std::uint16_t> port;  // absent: the resolution mechanism's default (RFC 5928)
  std::optional<std::string> transport;  // "udp" or "tcp" when given
};
Result<TurnUrl> parse_turn_url(std::string_view url);

}  // namespace lucid
