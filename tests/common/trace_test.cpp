#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/trace.h"

using namespace lucid;

namespace {
struct Captured {
  std::vector<std::string> lines;
  Captured() {
    trace::disable_all();
    trace::set_sink([this](std::string_view layer, std::string_view line) {
      lines.push_back(std::string(layer) + ": " + std::string(line));
    });
  }
  ~Captured() {
    trace::disable_all();
    trace::reset_sink();
  }
};
}  // namespace

TEST_CASE("trace is off by default and builds no sentence for a disabled layer") {
  Captured c;
  int built = 0;
  auto costly = [&] { ++built; return "x"; };
  LUCID_TRACE("stun", "value ", costly());
  CHECK(c.lines.empty());
  CHECK(built == 0);
}

TEST_CASE("trace enables layers one by one from a comma list") {
  Captured c;
  trace::enable("stun, ice");
  LUCID_TRACE("stun", "sent Binding request to ", "127.0.0.1:3478");
  LUCID_TRACE("ice", "pair ", 1, " succeeded");
  LUCID_TRACE("dtls", "not shown");
  CHECK(c.lines == std::vector<std::string>{"stun: sent Binding request to 127.0.0.1:3478",
                                            "ice: pair 1 succeeded"});
}

TEST_CASE("trace 'all' enables every layer") {
  Captured c;
  trace::enable("all");
  LUCID_TRACE("sctp", "INIT sent");
  CHECK(c.lines == std::vector<std::string>{"sctp: INIT sent"});
}
