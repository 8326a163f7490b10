// Traffic: the bytes a peer put on the wire and took off it, by layer.
//
// What a learner asks after a session: how much of it was ICE's STUN checks, how much the DTLS
// handshake, how much the data itself? The Driver counts every UDP payload it sends and
// receives here. The layer comes from the first byte (RFC 7983 §7, ice/classify.h); a DTLS datagram
// may carry several records (RFC 6347 §4.1.1: a flight is packed into as few datagrams as fit),
// so it is walked record by record and each record counts where its content type says:
//
//   ContentType 20 change_cipher_spec, 21 alert, 22 handshake  → dtls_handshake
//   ContentType 23 application_data (SCTP, RFC 8261)            → dtls_application_data
//
// Bytes are UDP payload bytes, record headers included (the IP and UDP headers are not).
#pragma once

#include <cstdint>

#include "common/bytes.h"

namespace lucid::net {

struct LayerBytes {
  std::uint64_t bytes = 0;
  // Datagrams for STUN and "other"; records for the two DTLS rows.
  std::uint64_t units = 0;
};

struct Traffic {
  std::uint64_t datagrams = 0;
  std::uint64_t bytes = 0;  // all UDP payload bytes
  LayerBytes stun;
  LayerBytes dtls_handshake;         // handshake, ChangeCipherSpec and alert records
  LayerBytes dtls_application_data;  // application data records: SCTP packets inside
  LayerBytes other;                  // RTP/RTCP, TURN channel data, garbage, a cut-off record

  // Adds one UDP payload.
  void count(BytesView datagram);
};

}  // namespace lucid::net
