#include "support/udp_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace lucid::testing {

namespace {

[[noreturn]] void throw_errno(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

socklen_t to_sockaddr(const SocketAddress& a, sockaddr_storage& storage) {
  std::memset(&storage, 0, sizeof storage);
  if (a.ip.is_v4()) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&storage);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(a.port);
    std::memcpy(&sin->sin_addr, a.ip.data(), 4);
    return sizeof(sockaddr_in);
  }
  auto* sin6 = reinterpret_cast<sockaddr_in6*>(&storage);
  sin6->sin6_family = AF_INET6;
  sin6->sin6_port = htons(a.port);
  std::memcpy(&sin6->sin6_addr, a.ip.data(), 16);
  return sizeof(sockaddr_in6);
}

SocketAddress from_sockaddr(const sockaddr_storage& storage) {
  SocketAddress a;
  if (storage.ss_family == AF_INET) {
    const auto* sin = reinterpret_cast<const sockaddr_in*>(&storage);
    std::array<std::uint8_t, 4> b{};
    std::memcpy(b.data(), &sin->sin_addr, 4);
    a.ip = IpAddress::v4(b);
    a.port = ntohs(sin->sin_port);
  } else {
    const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&storage);
    std::array<std::uint8_t, 16> b{};
    std::memcpy(b.data(), &sin6->sin6_addr, 16);
    a.ip = IpAddress::v6(b);
    a.port = ntohs(sin6->sin6_port);
  }
  return a;
}

}  // namespace

UdpSocket::UdpSocket(const SocketAddress& local) {
  fd_ = ::socket(local.ip.is_v4() ? AF_INET : AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw_errno("socket");
  sockaddr_storage storage;
  const socklen_t len = to_sockaddr(local, storage);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&storage), len) != 0) {
    const int saved = errno;
    ::close(fd_);
    errno = saved;
    throw_errno("bind");
  }
}

UdpSocket::~UdpSocket() {
  if (fd_ >= 0) ::close(fd_);
}

SocketAddress UdpSocket::local_address() const {
  sockaddr_storage storage{};
  socklen_t len = sizeof storage;
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&storage), &len) != 0)
    throw_errno("getsockname");
  return from_sockaddr(storage);
}

void UdpSocket::send_to(BytesView data, const SocketAddress& destination) {
  sockaddr_storage storage;
  const socklen_t len = to_sockaddr(destination, storage);
  if (::sendto(fd_, data.data(), data.size(), 0, reinterpret_cast<sockaddr*>(&storage), len) < 0)
    throw_errno("sendto");
}

std::optional<Datagram> UdpSocket::receive(std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  const int ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
  if (ready < 0) throw_errno("poll");
  if (ready == 0) return std::nullopt;
  Bytes buffer(65536);
  sockaddr_storage storage{};
  socklen_t len = sizeof storage;
  const ssize_t n =
      ::recvfrom(fd_, buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&storage), &len);
  // ECONNREFUSED: an earlier datagram hit a closed port (ICMP); nothing to read this time.
  if (n < 0 && errno == ECONNREFUSED) return std::nullopt;
  if (n < 0) throw_errno("recvfrom");
  buffer.resize(static_cast<std::size_t>(n));
  return Datagram{std::move(buffer), from_sockaddr(storage)};
}

std::uint16_t free_udp_port() {
  UdpSocket probe;
  return probe.local_address().port;
}

}  // namespace lucid::testing
