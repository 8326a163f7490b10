// The command line that `caller` and `callee` share:
//
//   --stun URL        an ICE server, stun:host:port (repeatable; IP literals only); turn: URLs
//                     are accepted and reported as not supported yet
//   --bind ADDR       a local address to gather a host candidate on (repeatable; default: every
//                     non-loopback address of the machine)
//   --trace LAYERS    show what the stack does, e.g. "ice,dtls" or "all" (same as LUCID_TRACE)
//   --pcap FILE       capture the UDP datagrams in a file Wireshark opens
//   --keylog FILE     write the DTLS secrets (NSS key log) so Wireshark can decrypt that capture
//   --help, --version
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/address.h"

namespace lucid::examples {

struct ChatOptions {
  std::vector<std::string> stun;
  std::vector<IpAddress> bind;
  std::string trace;
  std::optional<std::string> pcap;
  std::optional<std::string> keylog;
};

// Reads argv. On --help prints the usage (on --version the version) and exits 0; on a bad argument prints what was wrong and
// the usage to stderr and exits 2. `program` is "caller" or "callee", `what` one line saying what
// the program does.
ChatOptions parse_options(const char* program, const char* what, int argc, char** argv);

}  // namespace lucid::examples
