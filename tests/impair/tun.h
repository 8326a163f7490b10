// A TUN device (Linux, /dev/net/tun): a network interface whose packets a program reads and
// writes as whole IP packets. The impairment relay owns two of them, one moved into each
// peer's network namespace; what one peer's kernel sends through its TUN, the relay reads,
// impairs and writes into the other's.
#pragma once

#include <optional>
#include <string>

#include "common/bytes.h"

namespace lucid::impair {

class TunDevice {
 public:
  // Creates the interface `name` (at most 15 characters) in the caller's network namespace,
  // without packet information headers (IFF_TUN | IFF_NO_PI); non-blocking. Throws
  // std::runtime_error with the reason when it cannot.
  explicit TunDevice(const std::string& name);
  ~TunDevice();
  TunDevice(const TunDevice&) = delete;
  TunDevice& operator=(const TunDevice&) = delete;

  int fd() const { return fd_; }
  const std::string& name() const { return name_; }
  // One IP packet, or nothing when none is waiting.
  std::optional<Bytes> read();
  // Hands one IP packet to the kernel as if it arrived on this interface.
  void write(BytesView packet);

 private:
  std::string name_;
  int fd_ = -1;
};

}  // namespace lucid::impair
