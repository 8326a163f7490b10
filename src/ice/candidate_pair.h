// Candidate pairs: one local and one remote candidate, checked together (RFC 8445 §6.1.2).
#pragma once

#include <cstdint>
#include <string>

#include "ice/candidate.h"

namespace lucid::ice {

// RFC 8445 §6.1.2.6: the life of a pair in the check list.
enum class PairState : std::uint8_t {
  Frozen,      // not checked until a pair with the same foundation succeeds (or nothing else waits)
  Waiting,     // will be checked when its turn comes (one check every Ta)
  InProgress,  // a Binding request is out, no answer yet
  Succeeded,   // a response arrived and passed every test: the pair works
  Failed,      // no answer after all retransmissions, or an unrecoverable error response
};

const char* to_string(PairState state);

// RFC 8445 §6.1.2.3: pair priority = 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0), where G is the
// priority of the controlling agent's candidate and D that of the controlled agent's.
std::uint64_t pair_priority(std::uint32_t controlling_priority, std::uint32_t controlled_priority);

struct CandidatePair {
  // Stable name for the pair inside one agent (the check list re-sorts, so indices move).
  std::uint32_t id = 0;
  Candidate local;
  Candidate remote;
  std::uint64_t priority = 0;
  PairState state = PairState::Frozen;
  // RFC 8445 §6.1.2.6: the pair's foundation is the local and remote foundations joined.
  std::string foundation() const { return local.foundation + ":" + remote.foundation; }

  // §7.2.5.3.2: a pair that a successful check produced; only these can carry data.
  bool valid = false;
  // §8.1.1 / §7.3.1.5: both agents agreed on this pair with USE-CANDIDATE.
  bool nominated = false;
  // Controlled agent: USE-CANDIDATE arrived before our own check on this pair succeeded, so the
  // pair is nominated as soon as it does (§7.3.1.5).
  bool nominate_on_success = false;

  // Computes `priority` for our role: our candidate is G when we are controlling.
  void update_priority(bool controlling) {
    priority = controlling ? pair_priority(local.priority, remote.priority)
                           : pair_priority(remote.priority, local.priority);
  }

  // "10.0.0.1:5000 -> 10.0.0.2:6000", for traces: where a check on this pair travels.
  std::string describe() const;
};

}  // namespace lucid::ice
