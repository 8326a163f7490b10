// Putting VP8 frames back together from RTP packets (RFC 7741 §4.4, §4.5).
//
// A frame is the run of packets with one RTP timestamp whose sequence numbers follow each
// other from a packet with S=1, PID=0 (rtp/vp8_descriptor.h) to the one with the marker bit
// (or the last before a packet with a new timestamp). Packets may come reordered or twice.
//
// Frames are given out in order, as a decoder needs them: a complete frame goes out when it
// follows the last frame given out with no sequence gap, or when it is a key frame (RFC 7741
// §4.3: a decoder can start again there; the frames skipped are counted as dropped). A frame
// behind a gap waits, in a bounded buffer, for the retransmission that missing() asks for
// with a NACK, or for the next key frame, which a PLI asks for.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "common/bytes.h"
#include "rtp/packet.h"
#include "rtp/unwrap.h"

namespace lucid::rtp {

struct Vp8Frame {
  std::uint32_t rtp_timestamp = 0;
  Bytes data;                               // the VP8 frame, descriptors taken off
  bool keyframe = false;                    // RFC 7741 §4.3: P bit 0
  std::optional<std::uint16_t> picture_id;  // from the first packet
  std::size_t packets = 0;
};

class Vp8Depacketizer {
 public:
  // How many packets wait at most; past that the oldest are let go.
  static constexpr std::size_t kMaxBufferedPackets = 1024;

  // One RTP packet of the VP8 stream (already checked as RTP). A packet whose VP8 descriptor
  // is malformed is dropped with a trace line and counted.
  void handle_packet(const Packet& packet);
  // The next frame, in order.
  std::optional<Vp8Frame> poll_frame();

  // The sequence numbers missing between the last frame given out and the newest packet: what
  // a NACK should ask for (at most 256 of them).
  std::vector<std::uint16_t> missing() const;

  std::uint64_t frames_dropped() const { return frames_dropped_; }
  std::uint64_t packets_malformed() const { return packets_malformed_; }
  std::uint64_t packets_late() const { return packets_late_; }  // after their frame was given up

 private:
  struct Piece {
    std::uint32_t timestamp = 0;
    bool marker = false;
    bool starts_frame = false;
    std::optional<std::uint16_t> picture_id;
    Bytes data;
  };
  // The extended sequence number of the last packet of a complete frame starting at `start`.
  std::optional<std::int64_t> frame_end(std::int64_t start) const;
  void assemble();
  void emit(std::int64_t start, std::int64_t end);

  SequenceUnwrapper sequence_;
  std::map<std::int64_t, Piece> buffer_;  // by extended sequence number
  std::optional<std::int64_t> last_end_;  // of the last frame given out
  std::deque<Vp8Frame> ready_;
  std::uint64_t frames_dropped_ = 0;
  std::uint64_t packets_malformed_ = 0;
  std::uint64_t packets_late_ = 0;
};

}  // namespace lucid::rtp
