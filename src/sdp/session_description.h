// What the browser API passes around: a description's type and its SDP text, like the W3C
// RTCSessionDescriptionInit {type, sdp}. The text is parsed into a Description when needed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lucid::sdp {

// W3C RTCSdpType; JSEP (RFC 9429 §4.1.8) gives each its meaning.
enum class SdpType : std::uint8_t {
  Offer,     // "offer": proposes a session
  Pranswer,  // "pranswer": a provisional answer; more answers may follow
  Answer,    // "answer": the final answer; the negotiation is complete
  Rollback,  // "rollback": cancels the offer in progress (RFC 9429 §4.1.8.2)
};
std::string_view to_string(SdpType type);
std::optional<SdpType> parse_sdp_type(std::string_view text);  // "offer" -> Offer

struct SessionDescription {
  SdpType type = SdpType::Offer;
  std::string sdp;  // empty for a rollback

  bool operator==(const SessionDescription&) const = default;
};

}  // namespace lucid::sdp
