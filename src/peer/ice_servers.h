// ICE server URLs (RFC 7064 for stun:/stuns:, RFC 7065 for turn:/turns:), as RTCIceServer.urls
// carries them: "stun:192.0.2.1:3478", "stun:[2001:db8::1]", "turn:192.0.2.1?transport=udp".
#pragma once

#include <string_view>

#include "common/address.h"
#include "common/result.h"

namespace lucid {

// The STUN server a "stun:" URL names. Only IP literals (the connection resolves no names);
// the port defaults to 3478 (RFC 7064 §3.2). turn:/turns:/stuns: are Errors saying they are not
// supported yet.
Result<SocketAddress> parse_stun_url(std::string_view url);

}  // namespace lucid
