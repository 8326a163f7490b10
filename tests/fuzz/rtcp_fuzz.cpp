// Target rtcp: any datagram through rtp::parse_compound (RFC 3550 §6: SR, RR, SDES, BYE;
// RFC 4585 §6.2.1 NACK, §6.3.1 PLI; RFC 5104 §4.3.1 FIR; anything else kept as bytes), then
// serialize_compound → parse again; and through the sender's FeedbackResponder.
//
// Reaches: src/rtp/rtcp.cpp, rtcp_reports.cpp, rtcp_feedback.cpp, feedback_responder.cpp,
// send_history.cpp.
// Invariants checked besides "no crash": a compound lucid read, lucid can write, and what it
// writes reads back to the same packets; a NACK's lost list packs into entries that name the
// same sequence numbers; the responder only resends packets it holds.
#include <algorithm>
#include <set>

#include "fuzz_check.h"
#include "rtp/rtp.h"

using namespace lucid;
using namespace lucid::rtp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const BytesView datagram = fuzz::bytes(data, size);
  auto compound = parse_compound(datagram);
  if (compound) {
    for (const RtcpPacket& p : *compound) {
      (void)describe(p);
      if (const auto* nack = std::get_if<Nack>(&p)) {
        const std::vector<std::uint16_t> lost = nack->lost();
        const Nack packed = Nack::for_lost(nack->sender_ssrc, nack->media_ssrc, lost);
        const std::vector<std::uint16_t> relisted = packed.lost();
        LUCID_FUZZ_CHECK(std::set<std::uint16_t>(lost.begin(), lost.end()) ==
                         std::set<std::uint16_t>(relisted.begin(), relisted.end()));
        LUCID_FUZZ_CHECK(packed.entries.size() <= std::max<std::size_t>(nack->entries.size(), 1) * 17);
      }
    }
    auto written = serialize_compound(*compound);
    LUCID_FUZZ_CHECK(written.ok());
    auto again = parse_compound(*written);
    LUCID_FUZZ_CHECK(again.ok());
    LUCID_FUZZ_CHECK(*again == *compound);
  } else {
    (void)compound.error().message();
  }

  // The sender's side: a few packets sent, then this datagram as the receiver's feedback.
  FeedbackResponder responder(0x01020304, 16);
  for (std::uint16_t seq = 0; seq < 20; ++seq) {
    Packet p;
    p.ssrc = 0x01020304;
    p.sequence_number = seq;
    responder.on_sent(p);
  }
  responder.handle_input(datagram, Timestamp{});
  std::uint64_t resent = 0;
  while (auto p = responder.poll_transmit()) {
    LUCID_FUZZ_CHECK(p->sequence_number >= 4 && p->sequence_number < 20);  // the 16 held
    ++resent;
  }
  LUCID_FUZZ_CHECK(resent == responder.retransmitted());
  while (responder.poll_event()) {
  }
  return 0;
}
