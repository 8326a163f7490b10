#include "sctp/stream.h"

namespace lucid::sctp {

Stream::Stream(std::uint16_t id, const ChannelInit& init)
    : id_(id),
      label_(init.label),
      protocol_(init.protocol),
      ordered_(init.ordered),
      max_retransmits_(init.max_retransmits),
      max_packet_life_time_(init.max_packet_life_time),
      negotiated_(init.negotiated),
      priority_(init.priority) {}

dcep::Open Stream::to_open() const {
  // RFC 8832 §5.1: the 0x80 bit is "unordered"; 0x01 limits retransmissions, 0x02 lifetime.
  std::uint8_t type = ordered_ ? 0x00 : 0x80;
  std::uint32_t parameter = 0;
  if (max_retransmits_) {
    type |= 0x01;
    parameter = *max_retransmits_;
  } else if (max_packet_life_time_) {
    type |= 0x02;
    parameter = *max_packet_life_time_;
  }
  return dcep::Open{static_cast<dcep::ChannelType>(type), priority_, parameter, label_, protocol_};
}

ChannelInit Stream::from_open(const dcep::Open& open) {
  ChannelInit init;
  init.label = open.label;
  init.protocol = open.protocol;
  init.ordered = dcep::is_ordered(open.channel_type);
  init.priority = open.priority;
  switch (static_cast<std::uint8_t>(open.channel_type) & 0x7f) {
    case 0x01:
      init.max_retransmits = open.reliability_parameter;
      break;
    case 0x02:
      init.max_packet_life_time = open.reliability_parameter;
      break;
    default:
      break;  // RFC 8832 §5.1: reliable channels ignore the reliability parameter
  }
  return init;
}

}  // namespace lucid::sctp
