// lucid::turn — Traversal Using Relays around NAT: the relayed path, when nothing else works.
//
// STUN tells a peer its public address; when both peers sit behind NATs that map every new
// destination to a new port (address-and-port-dependent, "symmetric" mapping), neither address
// is of use to the other, and no direct path exists. TURN gives the client an address on a
// server (the relayed transport address) that the peer can reach; the server forwards between
// the two. ICE offers it as a relayed candidate, the last resort (type preference 0).
//
// Implements the client side of RFC 8656 (TURN, which replaced RFC 5766) over UDP, with the
// long-term credentials of RFC 8489 §9.2. Read in this order:
//
//   client.h        the allocation: Allocate with 401/438, Refresh, CreatePermission,
//                   ChannelBind, Send/Data indications, deallocation; states and events
//   channel_data.h  ChannelData framing (RFC 8656 §12.4, §12.5) for datagrams and streams
//   client.cpp, responses.cpp   the requests and timers; what each answer means
//   (src/stun)      the TURN attributes (LIFETIME, XOR-PEER-ADDRESS, DATA, XOR-RELAYED-ADDRESS,
//                   REQUESTED-TRANSPORT, CHANNEL-NUMBER), PASSWORD-ALGORITHMS, transactions
//
// Sans-IO: the client never opens a socket or reads the clock. Traces: LUCID_TRACE=turn.
// docs/turn.md walks through an allocation with coturn, byte by byte.
#pragma once

#include "turn/channel_data.h"
#include "turn/client.h"
