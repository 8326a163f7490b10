// Association::status(): usrsctp's SCTP_STATUS socket option, read into lucid's struct.
#include <netinet/in.h>
#include <sys/socket.h>
#include <usrsctp.h>

#include "sctp/association.h"
#include "sctp/usrsctp_library.h"

namespace lucid::sctp {

std::optional<AssociationStatus> Association::status() const {
  auto lock = library_->lock();
  if (socket_ == nullptr || state_ != AssociationState::Established) return std::nullopt;
  struct sctp_status raw {};
  socklen_t size = sizeof(raw);
  // A one-to-one socket has one association: id 0 names it (RFC 6458 §7.1.21 / usrsctp).
  if (usrsctp_getsockopt(socket_, IPPROTO_SCTP, SCTP_STATUS, &raw, &size) != 0) return std::nullopt;
  AssociationStatus s;
  s.congestion_window = raw.sstat_primary.spinfo_cwnd;
  s.receiver_window = raw.sstat_rwnd;
  s.smoothed_round_trip_time = std::chrono::milliseconds(raw.sstat_primary.spinfo_srtt);
  s.retransmission_timeout = std::chrono::milliseconds(raw.sstat_primary.spinfo_rto);
  s.mtu = raw.sstat_primary.spinfo_mtu;
  s.unacked_chunks = raw.sstat_unackdata;
  s.pending_chunks = raw.sstat_penddata;
  return s;
}

}  // namespace lucid::sctp
