#include "dtls/role.h"

#include <string>

namespace lucid::dtls {

std::string_view to_string(Setup setup) {
  switch (setup) {
    case Setup::Actpass: return "actpass";
    case Setup::Active: return "active";
    case Setup::Passive: return "passive";
    case Setup::Holdconn: return "holdconn";
  }
  return "?";
}

std::string_view to_string(Role role) { return role == Role::Client ? "client" : "server"; }

Result<Setup> parse_setup(std::string_view text) {
  for (Setup s : {Setup::Actpass, Setup::Active, Setup::Passive, Setup::Holdconn})
    if (text == to_string(s)) return s;
  return fail("a=setup: unknown value '" + std::string(text) + "'");
}

Result<Setup> answer_setup(Setup offered) {
  switch (offered) {
    // RFC 9429 §5.3.1: to an actpass offer the answerer SHOULD answer active — it takes the client
    // role, so the handshake starts as soon as its ICE connects, one round trip sooner.
    case Setup::Actpass: return Setup::Active;
    case Setup::Active: return Setup::Passive;
    case Setup::Passive: return Setup::Active;
    case Setup::Holdconn: break;
  }
  return fail("a=setup:holdconn offers no connection to answer");
}

Result<Role> role_of(Setup setup) {
  switch (setup) {
    case Setup::Active: return Role::Client;
    case Setup::Passive: return Role::Server;
    // RFC 8842 §5.3: an answer MUST say active or passive; actpass would make the answerer both
    // roles and holdconn neither. Either way nobody is certain to send the ClientHello.
    case Setup::Actpass:
      return fail("a=setup:actpass in an answer: the peer would be both DTLS client and server");
    case Setup::Holdconn:
      return fail("a=setup:holdconn: the peer would be neither DTLS client nor server");
  }
  return fail("a=setup: no role");
}

Result<Role> offerer_role(Setup answer) {
  auto theirs = role_of(answer);
  if (!theirs) return theirs.error();
  return *theirs == Role::Client ? Role::Server : Role::Client;
}

}  // namespace lucid::dtls
