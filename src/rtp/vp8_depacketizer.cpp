#include "rtp/vp8_depacketizer.h"

#include <set>

#include "common/trace.h"
#include "rtp/vp8_descriptor.h"

namespace lucid::rtp {

void Vp8Depacketizer::handle_packet(const Packet& packet) {
  auto vp8 = parse_vp8(packet.payload);
  if (!vp8) {
    ++packets_malformed_;
    LUCID_TRACE("rtp", "dropped VP8 packet seq=", packet.sequence_number, ": ", vp8.error().message());
    return;
  }
  const std::int64_t seq = sequence_.unwrap(packet.sequence_number);
  if (last_end_ && seq <= *last_end_) {
    ++packets_late_;  // its frame was given out or given up already
    return;
  }
  Piece piece{packet.timestamp, packet.marker, vp8->descriptor.starts_frame(), vp8->descriptor.picture_id,
              Bytes(vp8->payload.begin(), vp8->payload.end())};
  buffer_.try_emplace(seq, std::move(piece));  // a duplicate changes nothing
  while (buffer_.size() > kMaxBufferedPackets) buffer_.erase(buffer_.begin());
  assemble();
}

std::optional<Vp8Frame> Vp8Depacketizer::poll_frame() {
  if (ready_.empty()) return std::nullopt;
  Vp8Frame frame = std::move(ready_.front());
  ready_.pop_front();
  return frame;
}

std::optional<std::int64_t> Vp8Depacketizer::frame_end(std::int64_t start) const {
  auto it = buffer_.find(start);
  if (it == buffer_.end() || !it->second.starts_frame) return std::nullopt;
  const std::uint32_t timestamp = it->second.timestamp;
  std::int64_t seq = start;
  while (true) {
    if (it->second.marker) return seq;
    auto next = buffer_.find(seq + 1);
    if (next == buffer_.end()) return std::nullopt;  // a gap: wait for it
    // A new timestamp right after it also ends the frame (a sender that sets no marker).
    if (next->second.timestamp != timestamp) return seq;
    it = next;
    ++seq;
  }
}

void Vp8Depacketizer::assemble() {
  while (!buffer_.empty()) {
    // The frame that follows the last one given out...
    if (last_end_) {
      if (auto end = frame_end(*last_end_ + 1)) {
        emit(*last_end_ + 1, *end);
        continue;
      }
    }
    // ...or else the first complete key frame, from which a decoder can start again.
    bool found = false;
    for (const auto& [seq, piece] : buffer_) {
      if (!piece.starts_frame || !is_vp8_keyframe(piece.data)) continue;
      if (auto end = frame_end(seq)) {
        emit(seq, *end);
        found = true;
        break;
      }
    }
    if (!found) return;
  }
}

void Vp8Depacketizer::emit(std::int64_t start, std::int64_t end) {
  // Everything before the frame is given up: count the frames (timestamps) lost with it. A frame
  // none of whose packets came is not seen, so not counted.
  std::set<std::uint32_t> skipped;
  for (auto it = buffer_.begin(); it != buffer_.end() && it->first < start;) {
    skipped.insert(it->second.timestamp);
    it = buffer_.erase(it);
  }
  frames_dropped_ += skipped.size();

  Vp8Frame frame;
  auto it = buffer_.find(start);
  frame.rtp_timestamp = it->second.timestamp;
  frame.picture_id = it->second.picture_id;
  frame.keyframe = is_vp8_keyframe(it->second.data);
  for (std::int64_t seq = start; seq <= end; ++seq) {
    it = buffer_.find(seq);
    frame.data.insert(frame.data.end(), it->second.data.begin(), it->second.data.end());
    buffer_.erase(it);
    ++frame.packets;
  }
  last_end_ = end;
  LUCID_TRACE("rtp", "VP8 frame ts=", frame.rtp_timestamp, " complete: ", frame.data.size(), " bytes in ",
              frame.packets, " packets", (frame.keyframe ? " (key frame)" : ""),
              (skipped.empty() ? "" : trace::concat(", ", skipped.size(), " frame(s) before it given up")));
  ready_.push_back(std::move(frame));
}

std::vector<std::uint16_t> Vp8Depacketizer::missing() const {
  std::vector<std::uint16_t> out;
  if (buffer_.empty()) return out;
  std::int64_t seq = last_end_ ? *last_end_ + 1 : buffer_.begin()->first;
  const std::int64_t newest = buffer_.rbegin()->first;
  for (; seq < newest && out.size() < 256; ++seq)
    if (!buffer_.count(seq)) out.push_back(static_cast<std::uint16_t>(seq));
  return out;
}

}  // namespace lucid::rtp
