// DTLS-SRTP's handover (RFC 5764 §4.2): the keys the DTLS handshake exported become an SRTP
// session. Here, in peer, because peer is built on both: dtls knows nothing of SRTP sessions and
// srtp nothing of DTLS.
#pragma once

#include "common/result.h"
#include "dtls/role.h"
#include "dtls/srtp_keys.h"
#include "srtp/session.h"

namespace lucid {

// The session of the side whose DTLS role is `role`: it protects with its own write key and
// salt (client_write for the DTLS client, server_write for the server) and unprotects with the
// other side's.
Result<srtp::Session> srtp_session(const dtls::SrtpKeys& keys, dtls::Role role);

}  // namespace lucid
