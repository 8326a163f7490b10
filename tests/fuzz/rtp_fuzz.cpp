// Target rtp: any datagram through rtp::parse (RFC 3550 §5.1 header, CSRCs, padding, RFC 8285
// header extensions), then serialize → parse again; its payload through the VP8 descriptor
// reader (RFC 7741 §4.2) and the depacketizer.
//
// Reaches: src/rtp/packet.cpp, header_extension.cpp, vp8_descriptor.cpp, vp8_depacketizer.cpp.
// Invariants checked besides "no crash": a packet lucid read, lucid can write, and what it
// writes reads back to the same packet; a VP8 descriptor written from one read reads back the
// same; a frame the depacketizer gives out holds exactly the VP8 bytes of the input.
#include <algorithm>

#include "fuzz_check.h"
#include "rtp/rtp.h"

using namespace lucid;
using namespace lucid::rtp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const BytesView datagram = fuzz::bytes(data, size);
  (void)is_rtcp(datagram);
  auto packet = parse(datagram);
  if (!packet) {
    (void)packet.error().message();
    return 0;
  }
  (void)describe(*packet);
  auto written = serialize(*packet);
  LUCID_FUZZ_CHECK(written.ok());
  auto again = parse(*written);
  LUCID_FUZZ_CHECK(again.ok());
  LUCID_FUZZ_CHECK(*again == *packet);

  auto vp8 = parse_vp8(packet->payload);
  if (!vp8) return 0;
  Bytes rebuilt = serialize_vp8(vp8->descriptor);
  rebuilt.insert(rebuilt.end(), vp8->payload.begin(), vp8->payload.end());
  auto vp8_again = parse_vp8(rebuilt);
  LUCID_FUZZ_CHECK(vp8_again.ok());
  LUCID_FUZZ_CHECK(vp8_again->descriptor == vp8->descriptor);
  LUCID_FUZZ_CHECK(std::equal(vp8_again->payload.begin(), vp8_again->payload.end(), vp8->payload.begin(),
                              vp8->payload.end()));

  // As a one-packet frame: given out only when it starts a key frame and carries the marker.
  Vp8Depacketizer depacketizer;
  depacketizer.handle_packet(*packet);
  (void)depacketizer.missing();
  if (auto frame = depacketizer.poll_frame()) {
    LUCID_FUZZ_CHECK(vp8->descriptor.starts_frame());
    LUCID_FUZZ_CHECK(is_vp8_keyframe(vp8->payload));
    LUCID_FUZZ_CHECK(std::equal(frame->data.begin(), frame->data.end(), vp8->payload.begin(), vp8->payload.end()));
  }
  LUCID_FUZZ_CHECK(!depacketizer.poll_frame());
  return 0;
}
