// What every fuzz target shares: the libFuzzer entry point's signature, and the check that turns
// a broken invariant into a crash the fuzzer keeps (an exception or wrong answer would
// otherwise go unnoticed, since ASan/UBSan only see memory and undefined behaviour).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "common/bytes.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace lucid::fuzz {

[[noreturn]] inline void fail(const char* what, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, what);
  std::abort();
}

inline BytesView bytes(const std::uint8_t* data, std::size_t size) { return {data, size}; }
inline std::string_view text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace lucid::fuzz

// LUCID_FUZZ_CHECK(parsed_again.ok()): aborts with the condition's text when it is false.
#define LUCID_FUZZ_CHECK(condition) \
  ((condition) ? (void)0 : ::lucid::fuzz::fail(#condition, __FILE__, __LINE__))
