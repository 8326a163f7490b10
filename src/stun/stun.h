// lucid::stun — Session Traversal Utilities for NAT, the first protocol a WebRTC peer speaks.
//
// A browser behind a NAT does not know the address the rest of the internet sees it at. It asks
// a STUN server ("Binding request"), which answers with that address (XOR-MAPPED-ADDRESS): a
// server-reflexive ICE candidate. ICE then sends the same Binding requests straight to the other
// peer, signed with the ICE password, as connectivity checks.
//
// Implements RFC 8489 (STUN, compatible with RFC 5389), the ICE attributes of RFC 8445 §16.1,
// tested on the vectors of RFC 5769. Read in this order:
//
//   message.h            header layout, Method/MessageClass, parse(), encode(), is_stun()
//   attributes.h         MAPPED-ADDRESS, XOR-MAPPED-ADDRESS, USERNAME, MESSAGE-INTEGRITY(-SHA256),
//                        FINGERPRINT, ERROR-CODE, UNKNOWN-ATTRIBUTES, REALM, NONCE, SOFTWARE,
//                        ALTERNATE-SERVER, PRIORITY, USE-CANDIDATE, ICE-CONTROLLED, ICE-CONTROLLING
//   fingerprint.h        CRC-32 XOR 0x5354554e (RFC 8489 §14.7)
//   integrity.h          HMAC over the header with the adjusted length (RFC 8489 §14.5, §14.6)
//   credentials.h        short-term and long-term keys, 401/438 handling (RFC 8489 §9)
//   transaction.h        a client transaction with retransmissions, sans-IO (RFC 8489 §6.2.1)
//   binding_responder.h  the server side of Binding, for STUN servers and ICE checks (§6.3)
//
// The layer is sans-IO: it never opens a socket or reads the clock. Traces: LUCID_TRACE=stun.
#pragma once

#include "stun/attributes.h"
#include "stun/binding_responder.h"
#include "stun/credentials.h"
#include "stun/fingerprint.h"
#include "stun/integrity.h"
#include "stun/message.h"
#include "stun/transaction.h"
