// Small helpers shared by the sctp tests.
#pragma once

#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/random.h"
#include "common/trace.h"
#include "sctp/stream.h"

namespace lucid::sctp::test {

// Deterministic payload of `size` bytes for message `n`, so corruption or mix-ups show.
inline Bytes payload(std::size_t size, std::uint64_t n) {
  SeededRandom random(n * 7919 + size);
  Bytes out(size);
  random.fill(out);
  return out;
}

// Channel options for the common cases (designated initializers would leave fields out).
inline ChannelInit labelled(std::string label) {
  ChannelInit init;
  init.label = std::move(label);
  return init;
}
inline ChannelInit unordered(std::string label) {
  ChannelInit init = labelled(std::move(label));
  init.ordered = false;
  return init;
}
inline ChannelInit negotiated(std::string label, std::uint16_t id) {
  ChannelInit init = labelled(std::move(label));
  init.negotiated = true;
  init.id = id;
  return init;
}

// Collects trace lines of the given layers while alive.
struct TraceCapture {
  std::vector<std::string> lines;
  explicit TraceCapture(std::string_view layers) {
    trace::disable_all();
    trace::enable(layers);
    trace::set_sink([this](std::string_view layer, std::string_view line) {
      lines.push_back(std::string(layer) + ": " + std::string(line));
    });
  }
  ~TraceCapture() {
    trace::disable_all();
    trace::reset_sink();
  }
  bool contains(std::string_view text) const {
    for (const auto& line : lines)
      if (line.find(text) != std::string::npos) return true;
    return false;
  }
};

}  // namespace lucid::sctp::test
