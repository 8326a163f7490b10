// A UDP datagram as the stack sees it: the bytes, the remote transport address it came from or goes
// to, and the local transport address (which socket) it arrived on or must leave from.
//
// ICE needs the local side as much as the remote one: a check is about a candidate *pair*
// (RFC 8445 §6.1.2), so a datagram is always handed over with both ends named.
#pragma once

#include "common/address.h"
#include "common/bytes.h"

namespace lucid::net {

struct Datagram {
  SocketAddress local;   // our end: the socket's address
  SocketAddress remote;  // the far end
  Bytes data;
};

}  // namespace lucid::net
