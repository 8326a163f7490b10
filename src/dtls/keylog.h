// The key log: DTLS secrets in the NSS key log format, so Wireshark can decrypt a capture.
//
// OpenSSL hands each secret over as a finished line (SSL_CTX_set_keylog_callback); for DTLS 1.2 it
// is "CLIENT_RANDOM <32-byte client random, hex> <48-byte master secret, hex>". Wireshark and
// tshark read such a file with `-o tls.keylog_file:FILE`. The same format browsers write when
// SSLKEYLOGFILE is set, hence the variable's name.
//
// Anyone holding this file can read the session: it is a debugging aid, never on by default
// except through the environment variable a developer sets on purpose.
#pragma once

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace lucid::dtls {

class KeyLog {
 public:
  // Appends to `path` (created if missing). Throws std::runtime_error if it cannot be opened.
  explicit KeyLog(const std::string& path);

  // A KeyLog on $SSLKEYLOGFILE, or nullptr when the variable is unset or empty.
  static std::shared_ptr<KeyLog> from_environment();

  // Writes one line (OpenSSL's line, without its newline) and flushes, so the file is complete
  // even if the process is killed mid-session.
  void write_line(std::string_view line);

  const std::string& path() const { return path_; }

 private:
  struct Close {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::string path_;
  std::mutex mutex_;  // several transports may share one file
  std::unique_ptr<std::FILE, Close> file_;
};

}  // namespace lucid::dtls
