#include "sctp/dcep.h"

#include <stdexcept>

namespace lucid::sctp::dcep {
namespace {

bool known_channel_type(std::uint8_t value) {
  switch (static_cast<ChannelType>(value)) {
    case ChannelType::Reliable:
    case ChannelType::PartialReliableRexmit:
    case ChannelType::PartialReliableTimed:
    case ChannelType::ReliableUnordered:
    case ChannelType::PartialReliableRexmitUnordered:
    case ChannelType::PartialReliableTimedUnordered:
      return true;
  }
  return false;
}

std::string at_byte(std::size_t offset) { return "byte " + std::to_string(offset); }

Result<Message> parse_open(ByteReader& r) {
  // RFC 8832 §5.1: type(1) channel type(1) priority(2) reliability(4) label length(2)
  // protocol length(2) label protocol — 12 fixed bytes, then the two strings, no padding.
  Open open;
  const std::size_t type_at = r.offset();
  auto channel_type = r.read_u8();
  if (!channel_type) return channel_type.error();
  if (!known_channel_type(*channel_type))
    return fail("DATA_CHANNEL_OPEN with unknown channel type " + std::to_string(*channel_type),
                at_byte(type_at));
  open.channel_type = static_cast<ChannelType>(*channel_type);
  auto priority = r.read_u16();
  if (!priority) return priority.error();
  open.priority = *priority;
  auto reliability = r.read_u32();
  if (!reliability) return reliability.error();
  open.reliability_parameter = *reliability;
  auto label_length = r.read_u16();
  if (!label_length) return label_length.error();
  auto protocol_length = r.read_u16();
  if (!protocol_length) return protocol_length.error();
  const std::size_t label_at = r.offset();
  auto label = r.read_bytes(*label_length);
  if (!label)
    return fail("label length " + std::to_string(*label_length) + " runs past the end (" +
                    std::to_string(r.remaining()) + " bytes left)",
                at_byte(label_at));
  open.label = lucid::to_string(*label);
  const std::size_t protocol_at = r.offset();
  auto protocol = r.read_bytes(*protocol_length);
  if (!protocol)
    return fail("protocol length " + std::to_string(*protocol_length) + " runs past the end (" +
                    std::to_string(r.remaining()) + " bytes left)",
                at_byte(protocol_at));
  open.protocol = lucid::to_string(*protocol);
  if (!r.empty())
    return fail(std::to_string(r.remaining()) + " bytes after the end of DATA_CHANNEL_OPEN",
                at_byte(r.offset()));
  return Message{std::move(open)};
}

}  // namespace

bool is_ordered(ChannelType type) { return (static_cast<std::uint8_t>(type) & 0x80) == 0; }

const char* to_string(ChannelType type) {
  switch (type) {
    case ChannelType::Reliable:
      return "reliable";
    case ChannelType::PartialReliableRexmit:
      return "partial reliable (retransmissions)";
    case ChannelType::PartialReliableTimed:
      return "partial reliable (lifetime)";
    case ChannelType::ReliableUnordered:
      return "reliable, unordered";
    case ChannelType::PartialReliableRexmitUnordered:
      return "partial reliable (retransmissions), unordered";
    case ChannelType::PartialReliableTimedUnordered:
      return "partial reliable (lifetime), unordered";
  }
  return "unknown";
}

Bytes encode(const Open& open) {
  if (open.label.size() > 0xffff || open.protocol.size() > 0xffff)
    throw std::length_error("DATA_CHANNEL_OPEN: label and protocol are limited to 65535 bytes");
  ByteWriter w;
  w.write_u8(static_cast<std::uint8_t>(MessageType::DataChannelOpen));
  w.write_u8(static_cast<std::uint8_t>(open.channel_type));
  w.write_u16(open.priority);
  w.write_u32(open.reliability_parameter);
  w.write_u16(static_cast<std::uint16_t>(open.label.size()));
  w.write_u16(static_cast<std::uint16_t>(open.protocol.size()));
  w.write_bytes(to_bytes(open.label));
  w.write_bytes(to_bytes(open.protocol));
  return w.take();
}

Bytes encode(const Ack&) {
  ByteWriter w;
  w.write_u8(static_cast<std::uint8_t>(MessageType::DataChannelAck));
  return w.take();
}

Result<Message> parse(BytesView bytes) {
  ByteReader r(bytes);
  auto type = r.read_u8();
  if (!type) return fail("empty DCEP message", "byte 0");
  switch (static_cast<MessageType>(*type)) {
    case MessageType::DataChannelOpen:
      return parse_open(r);
    case MessageType::DataChannelAck:
      // RFC 8832 §5.2: the ACK is the message type alone.
      if (!r.empty())
        return fail(std::to_string(r.remaining()) + " bytes after DATA_CHANNEL_ACK", "byte 1");
      return Message{Ack{}};
  }
  return fail("unknown DCEP message type " + std::to_string(*type), "byte 0");
}

}  // namespace lucid::sctp::dcep
