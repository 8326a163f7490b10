#include "impair/tun.h"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace lucid::impair {

TunDevice::TunDevice(const std::string& name) : name_(name) {
  if (name.size() >= IFNAMSIZ) throw std::runtime_error("TUN name too long: " + name);
  fd_ = ::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) throw std::runtime_error(std::string("open /dev/net/tun: ") + std::strerror(errno));
  ifreq request{};
  request.ifr_flags = IFF_TUN | IFF_NO_PI;
  std::memcpy(request.ifr_name, name.data(), name.size());
  if (::ioctl(fd_, TUNSETIFF, &request) < 0) {
    const int e = errno;
    ::close(fd_);
    throw std::runtime_error("TUNSETIFF " + name + ": " + std::strerror(e));
  }
}

TunDevice::~TunDevice() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<Bytes> TunDevice::read() {
  Bytes packet(65536);
  const ssize_t n = ::read(fd_, packet.data(), packet.size());
  if (n <= 0) return std::nullopt;  // EAGAIN: nothing waiting
  packet.resize(static_cast<std::size_t>(n));
  return packet;
}

void TunDevice::write(BytesView packet) {
  // A full queue or an interface going down drops the packet, as a real link would.
  (void)::write(fd_, packet.data(), packet.size());
}

}  // namespace lucid::impair
