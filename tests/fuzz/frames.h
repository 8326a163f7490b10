// Splits a fuzz input into frames, so that one input can be a sequence of datagrams:
//   [flags: 1 byte][length: 2 bytes, big-endian][length bytes] ...
// A last frame shorter than its length takes what is left. The flags byte is the harness's to
// read (which sender, how much time passes, whether to repair a checksum, ...).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "common/bytes.h"

namespace lucid::fuzz {

struct Frame {
  std::uint8_t flags;
  BytesView data;
};

class Frames {
 public:
  explicit Frames(BytesView input) : rest_(input) {}
  std::optional<Frame> next() {
    if (rest_.size() < 3) return std::nullopt;
    const std::uint8_t flags = rest_[0];
    const std::size_t length = std::min<std::size_t>((rest_[1] << 8) | rest_[2], rest_.size() - 3);
    Frame frame{flags, rest_.subspan(3, length)};
    rest_ = rest_.subspan(3 + length);
    return frame;
  }

 private:
  BytesView rest_;
};

// The inverse, for writing seeds.
inline void append_frame(Bytes& out, std::uint8_t flags, BytesView data) {
  out.push_back(flags);
  out.push_back(static_cast<std::uint8_t>(data.size() >> 8));
  out.push_back(static_cast<std::uint8_t>(data.size()));
  out.insert(out.end(), data.begin(), data.end());
}

}  // namespace lucid::fuzz
