// A blocking UDP socket on loopback, for integration tests only (the library itself is sans-IO
// and src/net owns the real sockets). Tests send only to 127.0.0.1 / ::1.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "common/address.h"
#include "common/bytes.h"

namespace lucid::testing {

struct Datagram {
  Bytes data;
  SocketAddress source;
};

class UdpSocket {
 public:
  // Binds to `local`; port 0 lets the kernel choose. Throws std::system_error on failure.
  explicit UdpSocket(const SocketAddress& local = *SocketAddress::parse("127.0.0.1:0"));
  ~UdpSocket();
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  // The address the socket is bound to, with the port the kernel chose.
  SocketAddress local_address() const;
  void send_to(BytesView data, const SocketAddress& destination);
  // Waits up to `timeout` for one datagram; nullopt if none came.
  std::optional<Datagram> receive(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
};

// A UDP port on 127.0.0.1 that was free a moment ago (bound, read, released).
std::uint16_t free_udp_port();

}  // namespace lucid::testing
