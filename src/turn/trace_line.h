// How src/turn writes its `turn` trace lines: each one starts with the client's name, if it has
// one ("a: allocated relay ..."), so that two clients in one trace can be told apart. Internal
// to src/turn's .cpp files (used inside turn::Client's member functions, where config_ is).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "common/trace.h"

#define TURN_TRACE(...) \
  LUCID_TRACE("turn", config_.name.empty() ? std::string() : config_.name + ": ", __VA_ARGS__)

namespace lucid::turn::detail {

// A channel number as RFC 8656 writes it: 0x4000.
inline std::string hex16(std::uint16_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04x", v);
  return buf;
}

}  // namespace lucid::turn::detail
