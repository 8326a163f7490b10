#include "rtp/send_history.h"

#include <stdexcept>

namespace lucid::rtp {

SendHistory::SendHistory(std::size_t capacity) {
  // A power of two divides 65536, so the ring turns exactly with the sequence numbers and a
  // slot is always rewritten before its number comes round again.
  if (capacity == 0 || capacity > 32768 || (capacity & (capacity - 1)) != 0)
    throw std::invalid_argument("SendHistory: capacity must be a power of two up to 32768 packets");
  slots_.resize(capacity);
}

void SendHistory::record(const Packet& packet) { slots_[packet.sequence_number % slots_.size()] = packet; }

const Packet* SendHistory::find(std::uint16_t sequence_number) const {
  const auto& slot = slots_[sequence_number % slots_.size()];
  // The slot may hold a newer or older packet that shares the index: check the number itself.
  if (!slot || slot->sequence_number != sequence_number) return nullptr;
  return &*slot;
}

}  // namespace lucid::rtp
