#include "rtp/feedback_responder.h"

#include "common/trace.h"
#include "rtp/rtcp.h"

namespace lucid::rtp {

FeedbackResponder::FeedbackResponder(std::uint32_t media_ssrc, std::size_t history_capacity)
    : media_ssrc_(media_ssrc), history_(history_capacity) {}

void FeedbackResponder::handle_input(BytesView rtcp, Timestamp) {
  auto compound = parse_compound(rtcp);
  if (!compound) return;  // parse_compound traced why
  for (const RtcpPacket& packet : *compound) {
    if (const auto* nack = std::get_if<Nack>(&packet)) {
      if (nack->media_ssrc != media_ssrc_) continue;
      for (std::uint16_t seq : nack->lost()) {
        ++nacked_;
        if (const Packet* sent = history_.find(seq)) {
          transmits_.push_back(*sent);
          ++retransmitted_;
          LUCID_TRACE("rtp", "NACK for seq ", seq, ": sending it again");
        } else {
          LUCID_TRACE("rtp", "NACK for seq ", seq, ": no longer in the send history");
        }
      }
    } else if (const auto* pli = std::get_if<PictureLossIndication>(&packet)) {
      if (pli->media_ssrc != media_ssrc_) continue;
      ++keyframe_requests_;
      events_.push_back({media_ssrc_, false});
      LUCID_TRACE("rtp", "PLI from ", pli->sender_ssrc, ": key frame requested");
    } else if (const auto* fir = std::get_if<FullIntraRequest>(&packet)) {
      // RFC 5104 §4.3.1.1: the media SSRC field is 0; the FCI entries name the source.
      for (const FirEntry& entry : fir->entries) {
        if (entry.ssrc != media_ssrc_) continue;
        auto last = last_fir_.find(fir->sender_ssrc);
        if (last != last_fir_.end() && last->second == entry.sequence_number) {
          LUCID_TRACE("rtp", "FIR #", int{entry.sequence_number}, " from ", fir->sender_ssrc,
                      " again: the same request, already answered");
          continue;
        }
        last_fir_[fir->sender_ssrc] = entry.sequence_number;
        ++keyframe_requests_;
        events_.push_back({media_ssrc_, true});
        LUCID_TRACE("rtp", "FIR #", int{entry.sequence_number}, " from ", fir->sender_ssrc,
                    ": key frame requested");
      }
    }
  }
}

std::optional<Packet> FeedbackResponder::poll_transmit() {
  if (transmits_.empty()) return std::nullopt;
  Packet p = std::move(transmits_.front());
  transmits_.pop_front();
  return p;
}

std::optional<KeyframeRequested> FeedbackResponder::poll_event() {
  if (events_.empty()) return std::nullopt;
  KeyframeRequested e = events_.front();
  events_.pop_front();
  return e;
}

}  // namespace lucid::rtp
