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

TEST_CASE("a layer set reads a comma list once and answers membership") {
  const trace::Layers some(" ice, pc ,");
  CHECK(some.contains("ice"));
  CHECK(some.contains("pc"));
  CHECK_FALSE(some.contains("stun"));
  CHECK(trace::Layers("all").contains("sctp"));
  CHECK(trace::Layers().empty());
  CHECK(trace::Layers("").empty());
  CHECK_FALSE(some.empty());
}

TEST_CASE("a peer scope traces its layers inside it and nothing outside it") {
  Captured c;
  const trace::Layers ice("ice");
  LUCID_TRACE("ice", "before");
  {
    const trace::PeerScope scope("a", ice);
    CHECK(trace::enabled("ice"));
    CHECK_FALSE(trace::enabled("stun"));
    CHECK(trace::current_peer() == "a");
    LUCID_TRACE("ice", "inside");
    LUCID_TRACE("stun", "not shown");
  }
  CHECK_FALSE(trace::enabled("ice"));
  CHECK(trace::current_peer().empty());
  LUCID_TRACE("ice", "after");
  CHECK(c.lines == std::vector<std::string>{"ice: inside"});
}

TEST_CASE("nested peer scopes: the inner one's layers count, the outer ones return after it") {
  Captured c;
  const trace::Layers ice("ice");
  const trace::Layers none;
  const trace::PeerScope a("a", ice);
  {
    // b's work, done while a's scope is open (a callback of a calling into b): a's layers do not
    // reach in.
    const trace::PeerScope b("b", none);
    CHECK(trace::current_peer() == "b");
    LUCID_TRACE("ice", "b's work");
    {
      // A scope that only names (or names nobody) keeps the layers and name around it.
      const trace::PeerScope unnamed("");
      CHECK(trace::current_peer() == "b");
      CHECK_FALSE(trace::enabled("ice"));
    }
  }
  CHECK(trace::current_peer() == "a");
  LUCID_TRACE("ice", "a's work");
  {
    const trace::PeerScope named_only("a-app");
    LUCID_TRACE("ice", "a's work, named by the application");
  }
  CHECK(c.lines == std::vector<std::string>{"ice: a's work", "ice: a's work, named by the application"});
}

TEST_CASE("process-wide layers still show inside a scope that does not name them") {
  Captured c;
  trace::enable("stun");
  const trace::Layers ice("ice");
  const trace::PeerScope scope("a", ice);
  LUCID_TRACE("stun", "process-wide");
  LUCID_TRACE("ice", "scoped");
  LUCID_TRACE("dtls", "neither");
  CHECK(c.lines == std::vector<std::string>{"stun: process-wide", "ice: scoped"});
}
