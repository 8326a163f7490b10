#include "options.h"

#include <cstdlib>
#include <iostream>
#include <string_view>

#include "lucid/version.h"

namespace lucid::examples {
namespace {

// The options, as --help shows them (the usage line above them names the program).
constexpr const char* kOptions = R"(
  --bind ADDR     gather a host candidate on this local address (repeatable); default:
                  every non-loopback address. On one machine: --bind 127.0.0.1
  --stun URL      ask this STUN server for a server-reflexive candidate (repeatable),
                  e.g. stun:192.0.2.1:3478 (IP addresses only). A turn: or turns: URL
                  is accepted and reported as not supported yet (lucid has no TURN
                  client); the connection goes on without it
  --trace LAYERS  show on stderr what the stack does for this connection: stun,ice,sdp,
                  dtls,sctp,dcep,pc,net or all
  --pcap FILE     write every UDP datagram to FILE for Wireshark (docs/wireshark.md)
  --keylog FILE   write the DTLS secrets to FILE (NSS key log) to decrypt that capture
  --version       print lucid's version

Descriptions travel as one line: base64 of {"type","sdp"}, as in the browser page
examples/browser/index.html. Once connected, each line you type is sent on the data
channel "chat" and each message received is printed as "peer: ...". End with Ctrl-D.
)";

void print_usage(std::ostream& out, const char* program, const char* what) {
  const std::string indent(std::string_view(program).size(), ' ');
  out << "usage: " << program << " [--bind ADDR]... [--stun stun:HOST:PORT]... [--trace LAYERS]\n"
      << "       " << indent << " [--pcap FILE] [--keylog FILE]\n\n"
      << what << "\n"
      << kOptions;
}

[[noreturn]] void bad_usage(const char* program, const char* what, const std::string& problem) {
  std::cerr << program << ": " << problem << "\n\n";
  print_usage(std::cerr, program, what);
  std::exit(2);
}

}  // namespace

ChatOptions parse_options(const char* program, const char* what, int argc, char** argv) {
  ChatOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      print_usage(std::cout, program, what);
      std::exit(0);
    }
    if (arg == "--version") {
      std::cout << program << " (lucid) " << lucid::version() << "\n";
      std::exit(0);
    }
    const bool takes_value = arg == "--stun" || arg == "--bind" || arg == "--trace" ||
                             arg == "--pcap" || arg == "--keylog";
    if (!takes_value) bad_usage(program, what, "unknown argument '" + arg + "'");
    if (i + 1 >= argc) bad_usage(program, what, arg + " needs a value");
    const std::string value = argv[++i];
    if (arg == "--stun") {
      if (value.rfind("stun:", 0) != 0 && value.rfind("turn:", 0) != 0 &&
          value.rfind("turns:", 0) != 0)
        bad_usage(program, what,
                  "--stun wants a URL like stun:192.0.2.1:3478, not '" + value + "'");
      options.stun.push_back(value);
    } else if (arg == "--bind") {
      const auto address = IpAddress::parse(value);
      if (!address) bad_usage(program, what, "--bind wants an IP address, not '" + value + "'");
      options.bind.push_back(*address);
    } else if (arg == "--trace") {
      options.trace = value;
    } else if (arg == "--pcap") {
      options.pcap = value;
    } else {
      options.keylog = value;
    }
  }
  return options;
}

}  // namespace lucid::examples
