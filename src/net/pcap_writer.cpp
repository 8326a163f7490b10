#include "net/pcap_writer.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace lucid::net {
namespace {

constexpr std::uint8_t kProtocolUdp = 17;  // IANA protocol number, IPv4 Protocol / IPv6 Next Header
constexpr std::uint8_t kHopLimit = 64;
constexpr std::size_t kIpv4HeaderSize = 20;
constexpr std::size_t kIpv6HeaderSize = 40;
constexpr std::size_t kUdpHeaderSize = 8;

// The pcap file's own fields are little-endian here on every machine (see the header comment).
void put_le32(Bytes& out, std::uint32_t v) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}
void put_le16(Bytes& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}

// The sum of the 16-bit words of `data` (an odd last byte is padded with a zero byte), not yet
// folded or complemented, so that pseudo-header, header and payload can be summed in parts.
std::uint32_t sum_words(BytesView data, std::uint32_t sum) {
  std::size_t i = 0;
  for (; i + 1 < data.size(); i += 2) {
    sum += static_cast<std::uint32_t>(data[i] << 8 | data[i + 1]);
    sum = (sum & 0xffff) + (sum >> 16);  // fold as we go: no overflow for any length
  }
  if (i < data.size()) sum += static_cast<std::uint32_t>(data[i] << 8);
  return sum;
}

// RFC 768 / RFC 8200 §8.1: the UDP checksum covers a pseudo-header (source and destination
// addresses, protocol, UDP length), the UDP header with a zero checksum field, and the payload.
std::uint16_t udp_checksum(const SocketAddress& from, const SocketAddress& to,
                           BytesView udp_header_and_payload) {
  std::uint32_t sum = 0;
  sum = sum_words(BytesView(from.ip.data(), from.ip.size()), sum);
  sum = sum_words(BytesView(to.ip.data(), to.ip.size()), sum);
  sum += kProtocolUdp;
  sum += static_cast<std::uint32_t>(udp_header_and_payload.size());
  const std::uint16_t checksum = internet_checksum(udp_header_and_payload, sum);
  // RFC 768: a computed zero is sent as all ones; zero on the wire means "no checksum".
  return checksum == 0 ? 0xffff : checksum;
}

}  // namespace

std::uint16_t internet_checksum(BytesView data, std::uint32_t initial) {
  std::uint32_t sum = sum_words(data, initial);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

Bytes pcap_file_header() {
  Bytes out;
  put_le32(out, 0xa1b2c3d4);  // magic: microsecond timestamps
  put_le16(out, 2);           // version 2.4
  put_le16(out, 4);
  put_le32(out, 0);  // thiszone: timestamps are UTC
  put_le32(out, 0);  // sigfigs: always 0
  put_le32(out, kPcapSnapLength);
  put_le32(out, kLinkTypeRaw);
  return out;
}

Result<Bytes> ip_udp_packet(const SocketAddress& from, const SocketAddress& to,
                            BytesView payload) {
  if (from.ip.family() != to.ip.family())
    return fail("cannot put " + from.to_string() + " and " + to.to_string() +
                " in one IP header: different address families");
  const std::size_t ip_header_size = from.ip.is_v4() ? kIpv4HeaderSize : kIpv6HeaderSize;
  const std::size_t udp_length = kUdpHeaderSize + payload.size();
  // IPv4's Total Length counts its own header; IPv6's Payload Length does not. Both are 16 bits.
  // The whole packet is also kept within the snaplen (65535), so a record is never cut short;
  // real WebRTC datagrams stay below ~1200 bytes anyway.
  const std::size_t length_field = from.ip.is_v4() ? ip_header_size + udp_length : udp_length;
  if (ip_header_size + udp_length > kPcapSnapLength)
    return fail("a UDP payload of " + std::to_string(payload.size()) +
                " bytes does not fit in one IP packet");

  // UDP header (RFC 768) then payload; the checksum is patched in once everything is known.
  ByteWriter udp;
  udp.write_u16(from.port);
  udp.write_u16(to.port);
  udp.write_u16(static_cast<std::uint16_t>(udp_length));
  udp.write_u16(0);  // checksum, below
  udp.write_bytes(payload);
  udp.patch_u16(6, udp_checksum(from, to, udp.bytes()));

  ByteWriter ip;
  if (from.ip.is_v4()) {
    // RFC 791 §3.1
    ip.write_u8(0x45);  // version 4, IHL 5 words (no options)
    ip.write_u8(0);     // DSCP/ECN
    ip.write_u16(static_cast<std::uint16_t>(length_field));
    ip.write_u16(0);       // identification: RFC 6864 §4.1 lets an atomic datagram (DF set) use 0
    ip.write_u16(0x4000);  // flags: don't fragment; fragment offset 0
    ip.write_u8(kHopLimit);
    ip.write_u8(kProtocolUdp);
    ip.write_u16(0);  // header checksum, below
    ip.write_bytes(BytesView(from.ip.data(), 4));
    ip.write_bytes(BytesView(to.ip.data(), 4));
    // RFC 791: the checksum covers the header only, computed with the field itself zero.
    ip.patch_u16(10, internet_checksum(ip.bytes()));
  } else {
    // RFC 8200 §3
    ip.write_u32(0x60000000);  // version 6, traffic class 0, flow label 0
    ip.write_u16(static_cast<std::uint16_t>(length_field));
    ip.write_u8(kProtocolUdp);  // next header
    ip.write_u8(kHopLimit);
    ip.write_bytes(BytesView(from.ip.data(), 16));
    ip.write_bytes(BytesView(to.ip.data(), 16));
  }
  ip.write_bytes(udp.bytes());
  return ip.take();
}

Result<PcapWriter> PcapWriter::open(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "wb"));
  if (!file) return fail(std::string("cannot create the capture: ") + std::strerror(errno), path);
  PcapWriter writer(std::move(file), path);
  if (auto s = writer.write(pcap_file_header()); !s) return s.error();
  return writer;
}

Status PcapWriter::write_datagram(Timestamp now, const SocketAddress& from, const SocketAddress& to,
                                  BytesView payload) {
  auto packet = ip_udp_packet(from, to, payload);
  if (!packet) return packet.error();

  using std::chrono::duration_cast;
  const auto since_epoch = std::max(now.time_since_epoch(), Duration::zero());
  const auto seconds = duration_cast<std::chrono::seconds>(since_epoch);
  const auto micros = duration_cast<std::chrono::microseconds>(since_epoch - seconds);

  Bytes record;
  put_le32(record, static_cast<std::uint32_t>(seconds.count()));
  put_le32(record, static_cast<std::uint32_t>(micros.count()));
  // ip_udp_packet() refuses packets above the snaplen, so nothing is ever cut:
  // captured length == original length.
  put_le32(record, static_cast<std::uint32_t>(packet->size()));
  put_le32(record, static_cast<std::uint32_t>(packet->size()));
  record.insert(record.end(), packet->begin(), packet->end());
  if (auto s = write(record); !s) return s;
  ++count_;
  return Ok{};
}

Status PcapWriter::flush() {
  if (!file_) throw std::logic_error("PcapWriter used after being moved from");
  if (std::fflush(file_.get()) != 0)
    return fail(std::string("cannot write the capture: ") + std::strerror(errno), path_);
  return Ok{};
}

Status PcapWriter::write(BytesView bytes) {
  if (!file_) throw std::logic_error("PcapWriter used after being moved from");
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_.get()) != bytes.size())
    return fail(std::string("cannot write the capture: ") + std::strerror(errno), path_);
  return Ok{};
}

}  // namespace lucid::net
