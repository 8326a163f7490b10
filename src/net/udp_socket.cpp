#include "net/udp_socket.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

#include "common/trace.h"

namespace lucid::net {
namespace {

// sockaddr_storage <-> SocketAddress. memcpy rather than casts: the kernel's structures are
// plain bytes to us.
sockaddr_storage to_sockaddr(const SocketAddress& a, unsigned scope_id, socklen_t& length) {
  sockaddr_storage storage{};
  if (a.ip.is_v4()) {
    sockaddr_in in{};
    in.sin_family = AF_INET;
    in.sin_port = htons(a.port);
    std::memcpy(&in.sin_addr, a.ip.data(), 4);
    std::memcpy(&storage, &in, sizeof in);
    length = sizeof in;
  } else {
    sockaddr_in6 in6{};
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(a.port);
    in6.sin6_scope_id = scope_id;
    std::memcpy(&in6.sin6_addr, a.ip.data(), 16);
    std::memcpy(&storage, &in6, sizeof in6);
    length = sizeof in6;
  }
  return storage;
}

SocketAddress from_sockaddr(const sockaddr_storage& storage) {
  if (storage.ss_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, &storage, sizeof in);
    std::array<std::uint8_t, 4> bytes{};
    std::memcpy(bytes.data(), &in.sin_addr, 4);
    return {IpAddress::v4(bytes), ntohs(in.sin_port)};
  }
  sockaddr_in6 in6{};
  std::memcpy(&in6, &storage, sizeof in6);
  std::array<std::uint8_t, 16> bytes{};
  std::memcpy(bytes.data(), &in6.sin6_addr, 16);
  return {IpAddress::v6(bytes), ntohs(in6.sin6_port)};
}

Error system_error(const std::string& what, const SocketAddress& where) {
  return fail(what + ": " + std::strerror(errno), where.to_string());
}

}  // namespace

Result<UdpSocket> UdpSocket::bind(const SocketAddress& address, unsigned scope_id) {
  const int family = address.ip.is_v4() ? AF_INET : AF_INET6;
  const int fd = ::socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return system_error("socket", address);
  UdpSocket sock(fd, address);  // closes fd on every error path below

  const int on = 1;
  if (family == AF_INET6) {
    // One socket per address family: an IPv6 socket must not also receive IPv4 datagrams.
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    // Ask for the destination address of each datagram (which of our addresses it reached).
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on);
  } else {
    ::setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof on);
  }

  socklen_t length = 0;
  const sockaddr_storage sa = to_sockaddr(address, scope_id, length);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&sa), length) != 0)
    return system_error("bind", address);

  sockaddr_storage bound{};
  socklen_t bound_length = sizeof bound;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &bound_length) != 0)
    return system_error("getsockname", address);
  sock.local_ = from_sockaddr(bound);
  LUCID_TRACE("net", "bound a UDP socket to ", sock.local_.to_string());
  return sock;
}

Result<UdpSocket> UdpSocket::bind(const IpAddress& ip, PortRange range, unsigned scope_id) {
  if (range.min == 0 || range.max < range.min)
    throw std::invalid_argument("UdpSocket::bind: port range must be 1..65535 with min <= max");
  for (unsigned port = range.min; port <= range.max; ++port) {
    auto sock = bind(SocketAddress{ip, static_cast<std::uint16_t>(port)}, scope_id);
    if (sock) return sock;
  }
  return fail("no free port in " + std::to_string(range.min) + "-" + std::to_string(range.max),
              ip.to_string());
}

UdpSocket::UdpSocket(UdpSocket&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), local_(other.local_) {}

UdpSocket& UdpSocket::operator=(UdpSocket&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    local_ = other.local_;
  }
  return *this;
}

UdpSocket::~UdpSocket() {
  if (fd_ >= 0) ::close(fd_);
}

Status UdpSocket::send_to(BytesView data, const SocketAddress& to) {
  socklen_t length = 0;
  const sockaddr_storage sa = to_sockaddr(to, 0, length);
  const ssize_t sent =
      ::sendto(fd_, data.data(), data.size(), 0, reinterpret_cast<const sockaddr*>(&sa), length);
  if (sent < 0) return system_error("sendto " + to.to_string(), local_);
  return Ok{};
}

Result<std::optional<Datagram>> UdpSocket::receive_from() {
  // 65535 is the largest UDP payload; one spare byte lets MSG_TRUNC tell us about more.
  std::array<std::uint8_t, 65536> buffer;
  sockaddr_storage from{};
  iovec iov{buffer.data(), buffer.size()};
  alignas(cmsghdr) std::array<std::uint8_t, 256> control{};
  msghdr msg{};
  msg.msg_name = &from;
  msg.msg_namelen = sizeof from;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.data();
  msg.msg_controllen = control.size();

  const ssize_t n = ::recvmsg(fd_, &msg, 0);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return std::optional<Datagram>{};
    return system_error("recvmsg", local_);
  }

  Datagram d;
  d.remote = from_sockaddr(from);
  d.local = local_;
  // The address the datagram was sent to: differs from local_ only for a wildcard bind.
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
      in_pktinfo info{};
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      std::array<std::uint8_t, 4> bytes{};
      std::memcpy(bytes.data(), &info.ipi_addr, 4);
      d.local.ip = IpAddress::v4(bytes);
    } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
      in6_pktinfo info{};
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      std::array<std::uint8_t, 16> bytes{};
      std::memcpy(bytes.data(), &info.ipi6_addr, 16);
      d.local.ip = IpAddress::v6(bytes);
    }
  }
  if ((msg.msg_flags & MSG_TRUNC) != 0) {
    LUCID_TRACE("net", "dropped a truncated datagram from ", d.remote.to_string());
    return std::optional<Datagram>{};
  }
  d.data.assign(buffer.begin(), buffer.begin() + n);
  return std::optional<Datagram>{std::move(d)};
}

}  // namespace lucid::net
