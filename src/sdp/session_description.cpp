#include "sdp/session_description.h"

namespace lucid::sdp {

std::string_view to_string(SdpType type) {
  switch (type) {
    case SdpType::Offer: return "offer";
    case SdpType::Pranswer: return "pranswer";
    case SdpType::Answer: return "answer";
    case SdpType::Rollback: return "rollback";
  }
  return "offer";
}

std::optional<SdpType> parse_sdp_type(std::string_view text) {
  if (text == "offer") return SdpType::Offer;
  if (text == "pranswer") return SdpType::Pranswer;
  if (text == "answer") return SdpType::Answer;
  if (text == "rollback") return SdpType::Rollback;
  return std::nullopt;
}

}  // namespace lucid::sdp
