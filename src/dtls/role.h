// Who is the DTLS client: the a=setup attribute (RFC 4145 §4, RFC 5763 §5, RFC 8842 §5).
//
// DTLS needs one client and one server, but WebRTC peers are symmetric, so the SDP decides:
//   offer  a=setup:actpass   "I can be either"            (RFC 8842 §5.2: an offer MUST say
//   actpass) answer a=setup:active    "I will be the DTLS client"  (RFC 9429 §5.3.1: the answerer
//   SHOULD answer a=setup:passive   "I will be the DTLS server"   pick active, so it starts at
//   once)
// An answer that is still actpass (both) or holdconn (neither) leaves no client: an error.
#pragma once

#include <string_view>

#include "common/result.h"

namespace lucid::dtls {

// The values of a=setup.
enum class Setup { Actpass, Active, Passive, Holdconn };

// DTLS client (sends ClientHello; a=setup:active) or DTLS server (a=setup:passive).
enum class Role { Client, Server };

std::string_view to_string(Setup setup);
std::string_view to_string(Role role);

// Parses the value of a=setup ("actpass", "active", "passive", "holdconn").
Result<Setup> parse_setup(std::string_view text);

// The answerer's a=setup for an offer's a=setup: actpass -> active (RFC 9429 §5.3.1),
// active -> passive, passive -> active. An offer of holdconn cannot be answered with a transport.
Result<Setup> answer_setup(Setup offered);

// The DTLS role that a final (answer-time) a=setup value gives its owner: active -> client,
// passive -> server. actpass (both) and holdconn (neither) are errors.
Result<Role> role_of(Setup setup);

// The offerer's own role once the answer arrives: the answerer took the other one.
Result<Role> offerer_role(Setup answer);

}  // namespace lucid::dtls
