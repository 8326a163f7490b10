// A non-blocking UDP socket bound to one local address: the only way lucid touches the network.
//
// Each ICE host candidate is one of these (RFC 8445 §5.1.1.1), bound to a specific interface
// address rather than the wildcard so that the local end of every datagram is known exactly.
#pragma once

#include <cstdint>
#include <optional>

#include "common/address.h"
#include "common/bytes.h"
#include "common/result.h"
#include "common/datagram.h"

namespace lucid::net {

struct PortRange {
  std::uint16_t min = 0;
  std::uint16_t max = 0;
};

class UdpSocket {
 public:
  // Binds to `address`; port 0 lets the system pick a free port. IPv6 link-local addresses need
  // the interface index as `scope_id`. Errors name the address and the system's reason.
  static Result<UdpSocket> bind(const SocketAddress& address, unsigned scope_id = 0);
  // Binds to the first free port of `range` on `ip`, in order (for firewalls that open a range).
  static Result<UdpSocket> bind(const IpAddress& ip, PortRange range, unsigned scope_id = 0);

  UdpSocket(UdpSocket&& other) noexcept;
  UdpSocket& operator=(UdpSocket&& other) noexcept;
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;
  ~UdpSocket();  // closes the socket

  // The address and port actually bound (the real port when 0 was asked for).
  const SocketAddress& local_address() const { return local_; }
  // For the event loop's poll().
  int fd() const { return fd_; }

  // Sends one datagram. A full send buffer or an ICMP error is an Error, not an exception:
  // UDP may lose datagrams anyway and every layer above retransmits.
  Status send_to(BytesView data, const SocketAddress& to);

  // The next waiting datagram with both of its ends, or nullopt when none is waiting.
  // A datagram larger than 64 KiB cannot exist in UDP/IPv4; a truncated one is dropped.
  Result<std::optional<Datagram>> receive_from();

 private:
  UdpSocket(int fd, SocketAddress local) : fd_(fd), local_(local) {}

  int fd_ = -1;
  SocketAddress local_;
};

}  // namespace lucid::net
