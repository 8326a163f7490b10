// A program run as a child process with its stdin and stdout on pipes, as a terminal user would
// drive it: write lines, read lines (with a deadline), close stdin, wait for the exit status.
// stderr goes to a file, so that a failing test can show what the program said.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace lucid::testing {

class ChildProcess {
 public:
  ChildProcess(const std::string& program, const std::vector<std::string>& arguments);
  ~ChildProcess();  // kills the child if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void write_line(const std::string& line);
  void close_stdin();
  // The next line on stdout, without its newline; nullopt at end of output or after `limit`.
  std::optional<std::string> read_line(std::chrono::milliseconds limit);
  // Reads lines until one equals `wanted`; false at end of output or after `limit`.
  bool read_until(const std::string& wanted, std::chrono::milliseconds limit);
  // The exit status (or 128 + signal); nullopt if still running after `limit`.
  std::optional<int> wait(std::chrono::milliseconds limit);
  // Everything written to stderr so far.
  std::string stderr_text() const;
  // Every stdout line read so far.
  const std::vector<std::string>& lines_read() const { return lines_read_; }

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  std::string stderr_path_;
  std::string buffer_;
  std::vector<std::string> lines_read_;
  std::optional<int> status_;
};

}  // namespace lucid::testing
