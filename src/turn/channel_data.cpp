#include "turn/channel_data.h"

#include <stdexcept>
#include <string>

namespace lucid::turn {

Bytes encode_channel_data(std::uint16_t channel, BytesView data, Framing framing) {
  if (!is_channel_number(channel)) throw std::invalid_argument("channel number outside 0x4000-0x4FFF");
  if (data.size() > 0xFFFF) throw std::invalid_argument("ChannelData longer than 65535 bytes");
  ByteWriter out;
  out.write_u16(channel);
  out.write_u16(static_cast<std::uint16_t>(data.size()));
  out.write_bytes(data);
  // RFC 8656 §12.5: over TCP/TLS the message is padded to a multiple of 4; the length field
  // still counts the data only.
  if (framing == Framing::Stream) out.write_zeros((4 - data.size() % 4) % 4);
  return out.take();
}

Result<ChannelData> parse_channel_data(BytesView datagram) {
  ByteReader r(datagram);
  auto channel = r.read_u16();
  auto length = r.read_u16();
  if (!channel || !length)
    return fail("only " + std::to_string(datagram.size()) + " bytes, shorter than the 4-byte " +
                    "ChannelData header",
                "byte 0");
  // RFC 8656 §12.6: a channel number outside the range means it is not ChannelData.
  if (!is_channel_number(*channel))
    return fail("channel number " + std::to_string(*channel) + " is outside 0x4000-0x4FFF", "byte 0");
  auto data = r.read_bytes(*length);
  if (!data)
    return fail("length " + std::to_string(*length) + " but only " +
                    std::to_string(datagram.size() - 4) + " bytes of data arrived",
                "byte 2");
  return ChannelData{*channel, *data};
}

Result<std::optional<std::size_t>> next_frame_size(BytesView stream) {
  if (stream.size() < 4) return std::optional<std::size_t>{};
  const std::size_t length = (std::size_t{stream[2]} << 8) | stream[3];
  // RFC 7983 §7 / RFC 8656 §12.5: 0-3 starts a STUN message, 64-79 a ChannelData message.
  if (stream[0] <= 3) return std::optional<std::size_t>{20 + length};
  if (stream[0] >= 64 && stream[0] <= 79) return std::optional<std::size_t>{4 + (length + 3) / 4 * 4};
  return fail("first byte " + std::to_string(stream[0]) + " starts neither STUN nor ChannelData",
              "byte 0");
}

}  // namespace lucid::turn
