#include "dtls/keylog.h"

#include <cstdlib>
#include <stdexcept>

namespace lucid::dtls {

KeyLog::KeyLog(const std::string& path) : path_(path), file_(std::fopen(path.c_str(), "a")) {
  if (!file_) throw std::runtime_error("cannot open key log file " + path);
}

std::shared_ptr<KeyLog> KeyLog::from_environment() {
  const char* path = std::getenv("SSLKEYLOGFILE");
  if (path == nullptr || *path == '\0') return nullptr;
  return std::make_shared<KeyLog>(path);
}

void KeyLog::write_line(std::string_view line) {
  std::lock_guard lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), file_.get());
  std::fputc('\n', file_.get());
  std::fflush(file_.get());
}

}  // namespace lucid::dtls
