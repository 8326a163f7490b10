// The check list: every candidate pair, in the order they will be checked (RFC 8445 §6.1.2).
//
// lucid runs one data stream with one component (BUNDLE and rtcp-mux, as WebRTC does), so the
// "checklist set" of §6.1.2 has exactly one check list. The agent decides *when* a check goes
// out (one every Ta); the list decides *which* pair is next.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <vector>

#include "ice/candidate_pair.h"

namespace lucid::ice {

class CheckList {
 public:
  // RFC 8445 §6.1.2.5: implementations SHOULD limit the number of pairs; 100 is the default.
  explicit CheckList(std::size_t max_pairs = 100) : max_pairs_(max_pairs) {}

  // Forms the pair (local, remote) and puts it in order (§6.1.2.2-§6.1.2.5). The local
  // candidate must already be replaced by its base where §6.1.2.4 says so (the agent pairs
  // only host and peer-reflexive local candidates). Returns the new pair's id, or nullopt when
  // the pair is redundant with a higher-priority one or the list is full.
  std::optional<std::uint32_t> add(const Candidate& local, const Candidate& remote,
                                   bool controlling);

  // Recomputes every pair priority after a role change (§7.2.5.1) and re-sorts.
  void set_controlling(bool controlling);

  CandidatePair* find(std::uint32_t id);
  // The pair whose checks travel from `local_base` to `remote`, if any (§7.3.1.4).
  CandidatePair* find(const SocketAddress& local_base, const SocketAddress& remote);

  // RFC 8445 §6.1.4.2: the next pair to check — the head of the triggered-check queue, else the
  // highest-priority Waiting pair, else a Frozen pair unfrozen because no pair of its foundation
  // is waiting or in progress. Marks nothing; the agent moves the pair to In-Progress.
  CandidatePair* next_to_check();

  // §7.3.1.4: queue a check on this pair ahead of ordinary ones (FIFO).
  void trigger(std::uint32_t id);
  bool is_triggered(std::uint32_t id) const;

  // §7.2.5.3.3: a pair succeeded; unfreeze every Frozen pair with the same foundation.
  void unfreeze_foundation(const std::string& foundation);

  // Whether next_to_check() would find something: a triggered or Waiting pair, or a Frozen one
  // it may unfreeze.
  bool has_work() const;
  // §8.1.2: a pair is nominated, so checks on the others stop — Waiting and Frozen pairs leave
  // the list and the triggered queue empties.
  void prune_after_nomination();

  // Pairs in the given state, for the RTO formula of §14.3 and for deciding failure.
  std::size_t count(PairState state) const;

  // Every pair, highest priority first.
  std::vector<CandidatePair>& pairs() { return pairs_; }
  const std::vector<CandidatePair>& pairs() const { return pairs_; }

  // The best valid pair (§8.1.1 picks among these), or nullptr.
  CandidatePair* best_valid();
  const CandidatePair* best_valid_const() const;

  // Forgets everything (ICE restart, §8.2: a new check list).
  void clear();

 private:
  void sort();
  // Whether a pair of this foundation is Waiting or In-Progress.
  bool foundation_busy(const std::string& foundation) const;
  // RFC 8838 §10 / RFC 8445 §6.1.2.6: the state a newly formed pair starts in.
  PairState initial_state(const std::string& foundation) const;

  std::size_t max_pairs_;
  std::vector<CandidatePair> pairs_;
  std::deque<std::uint32_t> triggered_;
  std::uint32_t next_id_ = 1;
};

}  // namespace lucid::ice
