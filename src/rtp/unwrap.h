// Unwrapping: RTP's 16-bit sequence numbers and 32-bit timestamps wrap around (a video stream
// at 1,000 packets a second wraps its sequence number in about a minute), so a receiver turns
// each one into a 64-bit "extended" value that keeps counting up.
//
// RFC 3550 §6.4.1 and Appendix A.1 keep the extended highest sequence number as a cycle count
// (shifted left 16) plus the 16-bit value. The same idea, said once for both widths: the new
// value is taken to be the one nearest the last value seen — less than half the range ahead
// or behind — so a packet reordered across the wrap gets the extended number just below, and
// one from after the wrap gets the next cycle.
#pragma once

#include <cstdint>
#include <optional>

namespace lucid::rtp {

template <typename Narrow>
class Unwrapper {
 public:
  // The extended value of `value`. The first value seen starts at its own number (cycle 0);
  // a packet reordered from before it gets a smaller one, which is negative when the first
  // value was just past zero (first 1, then 65535 gives -1).
  std::int64_t unwrap(Narrow value) {
    if (!last_) {
      last_ = value;
      return *last_;
    }
    constexpr std::int64_t kRange = std::int64_t{1} << (8 * sizeof(Narrow));
    // The distance from the last value's low bits, taken into [-range/2, range/2).
    std::int64_t delta = (static_cast<std::int64_t>(value) - (*last_ % kRange)) % kRange;
    if (delta < 0) delta += kRange;
    if (delta >= kRange / 2) delta -= kRange;
    std::int64_t extended = *last_ + delta;
    // Only forward progress moves the reference, as RFC 3550 A.1's max_seq does.
    if (extended > *last_) last_ = extended;
    return extended;
  }

  // The highest extended value seen so far (RFC 3550's "extended highest sequence number").
  std::optional<std::int64_t> highest() const { return last_; }

 private:
  std::optional<std::int64_t> last_;
};

// 16 -> 64 bits for sequence numbers, 32 -> 64 bits for RTP timestamps.
using SequenceUnwrapper = Unwrapper<std::uint16_t>;
using TimestampUnwrapper = Unwrapper<std::uint32_t>;

}  // namespace lucid::rtp
