#include "ice/candidate_pair.h"

#include <algorithm>

namespace lucid::ice {

const char* to_string(PairState state) {
  switch (state) {
    case PairState::Frozen:
      return "frozen";
    case PairState::Waiting:
      return "waiting";
    case PairState::InProgress:
      return "in-progress";
    case PairState::Succeeded:
      return "succeeded";
    case PairState::Failed:
      return "failed";
  }
  return "?";
}

std::uint64_t pair_priority(std::uint32_t controlling_priority, std::uint32_t controlled_priority) {
  const std::uint64_t g = controlling_priority;
  const std::uint64_t d = controlled_priority;
  // RFC 8445 §6.1.2.3: 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0)
  return (std::min(g, d) << 32) + 2 * std::max(g, d) + (g > d ? 1 : 0);
}

std::string CandidatePair::describe() const {
  // Checks leave from the local candidate's base (§6.1.2.4), so that is what the learner sees.
  return local.base.to_string() + " -> " + remote.address.to_string();
}

}  // namespace lucid::ice
