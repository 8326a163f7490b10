// What usrsctp knows of an association's sending side at this moment (SCTP_STATUS, RFC 6458
// §8.2.1): the congestion window and the peer's receive window that bound the data in flight,
// the smoothed RTT, the path MTU, and how many chunks wait to be acknowledged or sent. W3C
// RTCSctpTransportStats reports the same figures; they answer "what caps this transfer?".
#pragma once

#include <cstdint>

#include "common/time.h"

namespace lucid::sctp {

struct AssociationStatus {
  std::uint32_t congestion_window = 0;  // bytes (cwnd, RFC 9260 §7.2)
  std::uint32_t receiver_window = 0;    // bytes the peer last said it can take (rwnd, §6.2.1)
  Duration smoothed_round_trip_time{};  // SRTT (RFC 9260 §6.3.1)
  Duration retransmission_timeout{};    // the current RTO (§6.3.1)
  std::uint32_t mtu = 0;                // the path MTU usrsctp sends with
  std::uint32_t unacked_chunks = 0;     // DATA chunks sent and not yet acknowledged
  std::uint32_t pending_chunks = 0;     // DATA chunks waiting to be sent
};

}  // namespace lucid::sctp
