// PcapWriter: the UDP datagrams a peer sends and receives, in a file Wireshark and tshark open.
//
// lucid sees only UDP payloads — the kernel adds the IP and UDP headers on the way out and takes
// them off on the way in. A capture tool needs whole packets, so the writer synthesises the
// headers from the two transport addresses (RFC 791 for IPv4, RFC 8200 for IPv6, RFC 768 for
// UDP) and wraps each packet in a record of the classic libpcap format:
//
//   file header (24 bytes)   magic a1b2c3d4, version 2.4, thiszone 0, sigfigs 0,
//                            snaplen 65535, link type 101 (LINKTYPE_RAW: a packet begins
//                            with its IP header; the version nibble says IPv4 or IPv6)
//   per datagram             record header (16 bytes: seconds, microseconds, captured length,
//                            original length), then IP header, UDP header, payload
//
// The file's own fields are written little-endian whatever the machine; a reader learns the
// byte order from the magic number (d4 c3 b2 a1 on disk). Packet fields are big-endian, as on
// the wire.
//
// The timestamp of each record is the `now` the caller passes, so a run on a fake clock gives a
// capture too; its times start near 1970-01-01, and Wireshark's default "seconds since the
// first packet" column reads the same either way.
//
// Not thread-safe: one writer belongs to one event loop (or one test).
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "common/address.h"
#include "common/bytes.h"
#include "common/result.h"
#include "common/time.h"

namespace lucid::net {

// LINKTYPE_RAW from the tcpdump.org link-layer header types list.
inline constexpr std::uint32_t kLinkTypeRaw = 101;
inline constexpr std::uint32_t kPcapSnapLength = 65535;

// The 24-byte file header described above.
Bytes pcap_file_header();

// One IP packet carrying `payload` in a UDP datagram from `from` to `to`: an IPv4 header
// (20 bytes, header checksum computed, TTL 64, don't-fragment) or an IPv6 header (40 bytes,
// hop limit 64), then the UDP header with its length and checksum (RFC 768; mandatory for IPv6,
// RFC 8200 §8.1, and computed for IPv4 too so Wireshark can verify both).
// Errors: the two addresses of different families, or a packet above the snaplen (65535 bytes).
Result<Bytes> ip_udp_packet(const SocketAddress& from, const SocketAddress& to, BytesView payload);

// RFC 1071: the Internet checksum (one's complement of the one's complement sum of 16-bit
// words) over `data`, continuing from a partial sum `initial` (used for the pseudo-header).
std::uint16_t internet_checksum(BytesView data, std::uint32_t initial = 0);

class PcapWriter {
 public:
  // Creates (or truncates) `path` and writes the file header. The error names the path and the
  // system's reason.
  static Result<PcapWriter> open(const std::string& path);

  PcapWriter(PcapWriter&&) noexcept = default;
  PcapWriter& operator=(PcapWriter&&) noexcept = default;
  ~PcapWriter() = default;  // flushes and closes the file

  // Appends one datagram as seen at `now`. For a datagram lucid sends, `from` is its socket's
  // address and `to` the remote one; for a received datagram, the other way round.
  // Errors: see ip_udp_packet(), or the disk refused the write.
  Status write_datagram(Timestamp now, const SocketAddress& from, const SocketAddress& to,
                        BytesView payload);

  // Pushes what is buffered to the file, so that a tool can read it while the run goes on.
  Status flush();

  const std::string& path() const { return path_; }
  // How many datagrams were written.
  std::size_t count() const { return count_; }

 private:
  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };

  PcapWriter(std::unique_ptr<std::FILE, FileCloser> file, std::string path)
      : file_(std::move(file)), path_(std::move(path)) {}

  Status write(BytesView bytes);

  std::unique_ptr<std::FILE, FileCloser> file_;
  std::string path_;
  std::size_t count_ = 0;
};

}  // namespace lucid::net
