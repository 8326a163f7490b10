// stun-client HOST:PORT [--timeout MS]
//
// Sends one STUN Binding request (RFC 8489) to a server over UDP and prints the request and the
// response field by field, then the address the server saw us at: our server-reflexive address,
// the thing a WebRTC peer behind a NAT learns this way and offers to the other peer as an ICE
// candidate. Retransmits on the RFC 8489 §6.2.1 schedule (0, 500, 1500, ... ms) until answered,
// or gives up after 39.5 s (or --timeout MS). Set LUCID_TRACE=stun to watch the library decide.
//
// Exit status: 0 with a mapped address (and for --help, --version); 1 on timeout, an error
// response or a malformed reply; 2 on bad arguments.
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>

#include "common/hex.h"
#include "common/random.h"
#include "common/time.h"
#include "lucid/version.h"
#include "packet_printer.h"
#include "stun/stun.h"

using namespace lucid;
using namespace lucid::stun;
using lucid::examples::print_message;

namespace {

constexpr const char* kUsage =
    "usage: stun-client HOST:PORT [--timeout MS]\n"
    "  e.g. stun-client 127.0.0.1:3478   or   stun-client [::1]:3478 --timeout 2000\n";

int usage(const std::string& problem) {
  std::cerr << "stun-client: " << problem << "\n" << kUsage;
  return 2;
}

// HOST:PORT -> a socket address; HOST may be a literal or a name ([v6]:port for IPv6 literals).
std::optional<sockaddr_storage> resolve(const std::string& text, socklen_t& length,
                                        std::string& error) {
  std::string host, port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find("]:");
    if (close == std::string::npos) {
      error = "expected [IPv6]:PORT";
      return std::nullopt;
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) {
      error = "expected HOST:PORT";
      return std::nullopt;
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoul(port) == 0 || std::stoul(port) > 65535) {
    error = "port '" + port + "' is not a number from 1 to 65535";
    return std::nullopt;
  }
  addrinfo hints{};
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    error = "cannot resolve '" + host + "': " + ::gai_strerror(rc);
    return std::nullopt;
  }
  sockaddr_storage storage{};
  std::memcpy(&storage, found->ai_addr, found->ai_addrlen);
  length = found->ai_addrlen;
  ::freeaddrinfo(found);
  return storage;
}

SocketAddress to_socket_address(const sockaddr_storage& s) {
  SocketAddress a;
  if (s.ss_family == AF_INET) {
    const auto& in = reinterpret_cast<const sockaddr_in&>(s);
    std::array<std::uint8_t, 4> b{};
    std::memcpy(b.data(), &in.sin_addr, 4);
    a.ip = IpAddress::v4(b);
    a.port = ntohs(in.sin_port);
  } else {
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(s);
    std::array<std::uint8_t, 16> b{};
    std::memcpy(b.data(), &in6.sin6_addr, 16);
    a.ip = IpAddress::v6(b);
    a.port = ntohs(in6.sin6_port);
  }
  return a;
}

Timestamp now() { return from_steady(std::chrono::steady_clock::now()); }

}  // namespace

int main(int argc, char** argv) {
  std::optional<std::string> target;
  std::optional<long> timeout_ms;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--timeout") {
      if (i + 1 >= argc) return usage("--timeout needs a number of milliseconds");
      const std::string value = argv[++i];
      if (value.empty() || value.size() > 9 ||
          value.find_first_not_of("0123456789") != std::string::npos || std::stol(value) == 0)
        return usage("--timeout needs a positive number of milliseconds, not '" + value + "'");
      timeout_ms = std::stol(value);
    } else if (arg == "-h" || arg == "--help") {
      std::cout << kUsage << "\nAsks a STUN server for our server-reflexive address.\n"
                << "  --timeout MS   give up after MS milliseconds (default 39500)\n"
                << "  --version      print lucid's version\n";
      return 0;
    } else if (arg == "--version") {
      std::cout << "stun-client (lucid) " << lucid::version() << "\n";
      return 0;
    } else if (arg.rfind("-", 0) == 0) {
      return usage("unknown option '" + arg + "'");
    } else if (!target) {
      target = arg;
    } else {
      return usage("unexpected argument '" + arg + "'");
    }
  }
  if (!target) return usage("missing HOST:PORT");

  std::string error;
  socklen_t server_length = 0;
  const auto server = resolve(*target, server_length, error);
  if (!server) return usage(error);
  const SocketAddress server_address = to_socket_address(*server);

  const int fd = ::socket(server->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  // connect() fixes the peer, so the kernel drops datagrams from anyone else and reports an
  // ICMP "port unreachable" as ECONNREFUSED.
  if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr*>(&*server), server_length) != 0) {
    std::cerr << "stun-client: cannot open a UDP socket to " << server_address.to_string() << ": "
              << std::strerror(errno) << "\n";
    return 1;
  }
  sockaddr_storage local{};
  socklen_t local_length = sizeof local;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_length);

  Message request = Message::request(Method::Binding, crypto_random());
  request.add(Software{"lucid stun-client"});
  EncodeOptions options;
  options.fingerprint = true;
  const Bytes wire = encode(request, options);

  std::cout << "Binding request from " << to_socket_address(local).to_string() << " to "
            << server_address.to_string() << ", " << wire.size() << " bytes:\n";
  print_message(std::cout, *parse(wire));
  std::cout << std::endl;

  const Timestamp started = now();
  // Without --timeout the transaction's own schedule decides when to give up.
  const Timestamp deadline =
      timeout_ms ? started + std::chrono::milliseconds(*timeout_ms) : Timestamp::max();
  ClientTransaction transaction(wire, request.transaction_id(), started);

  while (transaction.state() == ClientTransaction::State::Waiting) {
    while (auto datagram = transaction.poll_transmit()) {
      if (transaction.transmissions() > 1)
        std::cout << "no answer yet after " << to_ms(now()) - to_ms(started)
                  << " ms; sending again (" << transaction.transmissions() << " of 7)" << std::endl;
      if (::send(fd, datagram->data(), datagram->size(), 0) < 0 && errno != ECONNREFUSED) {
        std::cerr << "stun-client: send failed: " << std::strerror(errno) << "\n";
        return 1;
      }
    }
    Timestamp wake = *transaction.poll_timeout();
    if (deadline < wake) wake = deadline;
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(wake - now()).count();
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(std::max<long>(wait, 0))) > 0) {
      Bytes buffer(65536);
      const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
      if (n < 0) continue;  // ECONNREFUSED: nobody listens (yet); the schedule sends again
      buffer.resize(static_cast<std::size_t>(n));
      auto response = parse(buffer);
      if (!response) {
        std::cerr << "stun-client: the server's reply is not a valid STUN message: "
                  << response.error().message() << "\n"
                  << hex_dump(buffer);
        return 1;
      }
      if (!transaction.handle_response(*response, now())) {
        std::cout << "ignoring a " << buffer.size()
                  << "-byte STUN message that does not answer our "
                  << "request (transaction id " << to_hex(response->transaction_id()) << ")\n";
      }
    }
    if (now() >= deadline && transaction.state() == ClientTransaction::State::Waiting) {
      std::cerr << "stun-client: no response from " << server_address.to_string() << " within "
                << *timeout_ms << " ms (" << transaction.transmissions() << " requests sent)\n";
      return 1;
    }
    transaction.handle_timeout(now());
  }
  ::close(fd);

  if (transaction.state() == ClientTransaction::State::TimedOut) {
    std::cerr << "stun-client: no response from " << server_address.to_string() << ": "
              << transaction.error()->what << "\n";
    return 1;
  }
  const Message& response = *transaction.response();
  std::cout << "\n"
            << method_name(response.method()) << " " << class_name(response.message_class())
            << " from " << server_address.to_string() << " after "
            << std::chrono::duration<double, std::milli>(now() - started).count() << " ms, "
            << response.raw().size() << " bytes:\n";
  print_message(std::cout, response);
  std::cout << "\n";

  if (response.message_class() == MessageClass::ErrorResponse) {
    const ErrorCode* code = response.get<ErrorCode>();
    std::cerr << "stun-client: the server refused: "
              << (code ? std::to_string(code->code) + " " + code->reason
                       : std::string("no ERROR-CODE"))
              << "\n";
    return 1;
  }
  // RFC 8489 §14.2: XOR-MAPPED-ADDRESS is the answer; plain MAPPED-ADDRESS is what an RFC 3489
  // server sends instead (§14.1).
  std::optional<SocketAddress> mapped;
  if (const auto* x = response.get<XorMappedAddress>())
    mapped = x->address;
  else if (const auto* m = response.get<MappedAddress>())
    mapped = m->address;
  if (!mapped) {
    std::cerr
        << "stun-client: the success response carries no XOR-MAPPED-ADDRESS or MAPPED-ADDRESS\n";
    return 1;
  }
  std::cout << "mapped address: " << mapped->to_string() << "\n";
  return 0;
}
