#include "ice/checklist.h"

#include <algorithm>

namespace lucid::ice {

std::optional<std::uint32_t> CheckList::add(const Candidate& local, const Candidate& remote,
                                            bool controlling) {
  // RFC 8445 §6.1.2.2: pair only candidates of the same component and address family.
  if (local.component != remote.component) return std::nullopt;
  if (local.address.ip.family() != remote.address.ip.family()) return std::nullopt;

  CandidatePair pair;
  pair.local = local;
  pair.remote = remote;
  pair.update_priority(controlling);

  // RFC 8445 §6.1.2.4: two pairs are redundant when their local bases and remote candidates
  // are the same; keep the one with the higher priority.
  if (CandidatePair* existing = find(local.base, remote.address)) {
    if (existing->priority >= pair.priority) return std::nullopt;
    // The new one is better; it takes over only while the old one has not been checked.
    if (existing->state != PairState::Frozen && existing->state != PairState::Waiting)
      return std::nullopt;
    existing->local = local;
    existing->remote = remote;
    existing->priority = pair.priority;
    sort();
    return existing->id;
  }

  pair.id = next_id_++;
  pair.state = initial_state(pair.foundation());
  pairs_.push_back(pair);
  sort();

  // RFC 8445 §6.1.2.5: over the limit, drop the lowest-priority pairs that have not started.
  while (pairs_.size() > max_pairs_) {
    auto victim = std::find_if(pairs_.rbegin(), pairs_.rend(), [](const CandidatePair& p) {
      return p.state == PairState::Frozen || p.state == PairState::Waiting;
    });
    if (victim == pairs_.rend()) break;
    const bool dropped_new = victim->id == pair.id;
    std::erase(triggered_, victim->id);
    pairs_.erase(std::next(victim).base());
    if (dropped_new) return std::nullopt;
  }
  return pair.id;
}

PairState CheckList::initial_state(const std::string& foundation) const {
  // RFC 8838 §10 (trickle): a new pair is Waiting if a pair with its foundation already
  // succeeded, or if no pair with its foundation is waiting or in progress; otherwise it stays
  // Frozen behind that pair, which will unfreeze it on success (§7.2.5.3.3).
  bool busy = false;
  for (const auto& p : pairs_) {
    if (p.foundation() != foundation) continue;
    if (p.state == PairState::Succeeded) return PairState::Waiting;
    if (p.state == PairState::Waiting || p.state == PairState::InProgress) busy = true;
  }
  return busy ? PairState::Frozen : PairState::Waiting;
}

void CheckList::set_controlling(bool controlling) {
  for (auto& p : pairs_) p.update_priority(controlling);
  sort();
}

void CheckList::sort() {
  // RFC 8445 §6.1.2.3: order by decreasing pair priority. Stable, so ties keep their order.
  std::stable_sort(
      pairs_.begin(), pairs_.end(),
      [](const CandidatePair& a, const CandidatePair& b) { return a.priority > b.priority; });
}

CandidatePair* CheckList::find(std::uint32_t id) {
  for (auto& p : pairs_)
    if (p.id == id) return &p;
  return nullptr;
}

CandidatePair* CheckList::find(const SocketAddress& local_base, const SocketAddress& remote) {
  for (auto& p : pairs_)
    if (p.local.base == local_base && p.remote.address == remote) return &p;
  return nullptr;
}

CandidatePair* CheckList::next_to_check() {
  while (!triggered_.empty()) {
    const std::uint32_t id = triggered_.front();
    triggered_.pop_front();
    if (CandidatePair* p = find(id)) return p;
  }
  for (auto& p : pairs_)
    if (p.state == PairState::Waiting) return &p;
  // RFC 8445 §6.1.4.2: nothing waits, so look at Frozen pairs: one whose foundation has no pair
  // waiting or in progress is unfrozen and checked now.
  for (auto& p : pairs_) {
    if (p.state != PairState::Frozen) continue;
    if (!foundation_busy(p.foundation())) {
      p.state = PairState::Waiting;
      return &p;
    }
  }
  return nullptr;
}

void CheckList::trigger(std::uint32_t id) {
  if (!is_triggered(id)) triggered_.push_back(id);
}

bool CheckList::is_triggered(std::uint32_t id) const {
  return std::find(triggered_.begin(), triggered_.end(), id) != triggered_.end();
}

void CheckList::unfreeze_foundation(const std::string& foundation) {
  for (auto& p : pairs_)
    if (p.state == PairState::Frozen && p.foundation() == foundation) p.state = PairState::Waiting;
}

std::size_t CheckList::count(PairState state) const {
  return static_cast<std::size_t>(std::count_if(
      pairs_.begin(), pairs_.end(), [state](const CandidatePair& p) { return p.state == state; }));
}

CandidatePair* CheckList::best_valid() {
  for (auto& p : pairs_)  // sorted, so the first valid pair is the best
    if (p.valid) return &p;
  return nullptr;
}

bool CheckList::has_work() const {
  if (!triggered_.empty()) return true;
  for (const auto& p : pairs_) {
    if (p.state == PairState::Waiting) return true;
    // A Frozen pair counts only if next_to_check() could unfreeze it now (§6.1.4.2).
    if (p.state == PairState::Frozen && !foundation_busy(p.foundation())) return true;
  }
  return false;
}

bool CheckList::foundation_busy(const std::string& foundation) const {
  return std::any_of(pairs_.begin(), pairs_.end(), [&foundation](const CandidatePair& q) {
    return q.foundation() == foundation &&
           (q.state == PairState::Waiting || q.state == PairState::InProgress);
  });
}

void CheckList::prune_after_nomination() {
  std::erase_if(pairs_, [](const CandidatePair& p) {
    return p.state == PairState::Waiting || p.state == PairState::Frozen;
  });
  triggered_.clear();
}

const CandidatePair* CheckList::best_valid_const() const {
  for (const auto& p : pairs_)
    if (p.valid) return &p;
  return nullptr;
}

void CheckList::clear() {
  pairs_.clear();
  triggered_.clear();
}

}  // namespace lucid::ice
