// A UDP datagram as the stack sees it: the bytes, the remote transport address it came from or
// goes to, and the local transport address (which socket) it arrived on or must leave from.
//
// One type for both directions and every layer that deals in datagrams: src/net reads one from a
// socket and hands it to PeerConnection::handle_input; ICE's poll_transmit gives one back, which
// src/net sends from the socket bound to `local`. ICE needs the local side as much as the remote
// one: a check is about a candidate *pair* (RFC 8445 §6.1.2), so both ends are always named.
#pragma once

#include "common/address.h"
#include "common/bytes.h"

namespace lucid {

struct Datagram {
  SocketAddress local;   // our end: the socket's address
  SocketAddress remote;  // the far end
  Bytes data;
};

}  // namespace lucid
