// Runs a shell command from a test and collects what it prints: the example programs (demo,
// stun-client) and tshark reading a capture. The commands are the tests' own (paths and fixed
// arguments), never input from outside.
#pragma once

#include <sys/wait.h>

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <memory>
#include <string>

namespace lucid::testing {

struct CommandRun {
  std::string output;  // stdout (add 2>&1 to the command for stderr too)
  int status = -1;     // the exit status; -1 when a signal ended it
};

inline CommandRun run_command(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  CommandRun run;
  std::array<char, 4096> buffer{};
  while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
    run.output.append(buffer.data(), n);
  const int raw = ::pclose(pipe);
  run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return run;
}

}  // namespace lucid::testing
