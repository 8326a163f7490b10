#include "rtp/vp8_packetizer.h"

#include <stdexcept>

#include "common/trace.h"
#include "rtp/vp8_descriptor.h"

namespace lucid::rtp {
namespace {

// X byte, then a 15-bit picture id in two bytes: the descriptor every packet here carries.
constexpr std::size_t kDescriptorSize = 4;

}  // namespace

Vp8Packetizer::Vp8Packetizer(Config config)
    : config_(config),
      sequence_number_(config.first_sequence_number),
      picture_id_(config.first_picture_id & 0x7FFF) {
  if (config_.mtu <= kFixedHeaderSize + kDescriptorSize)
    throw std::invalid_argument("VP8 packetizer: an MTU of " + std::to_string(config_.mtu) +
                                " bytes leaves no room for VP8 data");
}

std::vector<Packet> Vp8Packetizer::packetize(BytesView frame, std::uint32_t rtp_timestamp) {
  std::vector<Packet> packets;
  if (frame.empty()) return packets;
  const std::size_t room = config_.mtu - kFixedHeaderSize - kDescriptorSize;
  const std::size_t count = (frame.size() + room - 1) / room;
  // Even pieces: the first (size % count) are one byte longer.
  const std::size_t base = frame.size() / count;
  const std::size_t longer = frame.size() % count;
  std::size_t offset = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t size = base + (i < longer ? 1 : 0);
    Vp8Descriptor d;
    d.start_of_partition = (i == 0);  // RFC 7741 §4.2: S=1 on the first packet of partition 0
    d.partition_index = 0;            // the frame is sent as one partition
    d.picture_id = picture_id_;
    d.picture_id_15_bits = true;
    Packet p;
    p.payload_type = config_.payload_type;
    p.ssrc = config_.ssrc;
    p.timestamp = rtp_timestamp;
    p.sequence_number = sequence_number_++;
    p.marker = (i + 1 == count);  // RFC 7741 §4.1: M is set on the last packet of a frame
    p.payload = serialize_vp8(d);
    p.payload.insert(p.payload.end(), frame.begin() + static_cast<std::ptrdiff_t>(offset),
                     frame.begin() + static_cast<std::ptrdiff_t>(offset + size));
    offset += size;
    packets.push_back(std::move(p));
  }
  LUCID_TRACE("rtp", "VP8 frame ts=", rtp_timestamp, " picture id ", picture_id_, ", ", frame.size(),
              " bytes", (is_vp8_keyframe(frame) ? " (key frame)" : ""), ", into ", count, " packets seq ",
              packets.front().sequence_number, "-", packets.back().sequence_number);
  picture_id_ = static_cast<std::uint16_t>((picture_id_ + 1) & 0x7FFF);
  return packets;
}

}  // namespace lucid::rtp
