// IP addresses and transport addresses (IP + port), IPv4 and IPv6.
//
// Shared by every layer that names an endpoint: STUN's XOR-MAPPED-ADDRESS, ICE candidates,
// the sockets in src/net. Parsing and printing are pure functions (no name resolution).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace lucid {

class IpAddress {
 public:
  enum class Family : std::uint8_t { V4, V6 };

  IpAddress() = default;  // 0.0.0.0
  static IpAddress v4(std::array<std::uint8_t, 4> bytes);
  static IpAddress v6(std::array<std::uint8_t, 16> bytes);
  // "192.0.2.1" or "2001:db8::1" (no brackets); nullopt if it is not a literal address.
  static std::optional<IpAddress> parse(std::string_view text);

  Family family() const { return family_; }
  bool is_v4() const { return family_ == Family::V4; }
  bool is_v6() const { return family_ == Family::V6; }
  // 4 bytes for IPv4, 16 for IPv6.
  std::size_t size() const { return is_v4() ? 4 : 16; }
  const std::uint8_t* data() const { return bytes_.data(); }

  bool is_loopback() const;     // 127.0.0.0/8, ::1
  bool is_link_local() const;   // 169.254.0.0/16, fe80::/10
  bool is_unspecified() const;  // 0.0.0.0, ::

  std::string to_string() const;

  auto operator<=>(const IpAddress&) const = default;

 private:
  Family family_ = Family::V4;
  std::array<std::uint8_t, 16> bytes_{};  // IPv4 uses the first 4
};

// A transport address: IP address and UDP/TCP port.
struct SocketAddress {
  IpAddress ip;
  std::uint16_t port = 0;

  // "192.0.2.1:3478" or "[2001:db8::1]:3478".
  static std::optional<SocketAddress> parse(std::string_view text);
  std::string to_string() const;

  auto operator<=>(const SocketAddress&) const = default;
};

}  // namespace lucid

template <>
struct std::hash<lucid::IpAddress> {
  std::size_t operator()(const lucid::IpAddress& a) const noexcept {
    std::size_t h = static_cast<std::size_t>(a.family());
    for (std::size_t i = 0; i < a.size(); ++i) h = h * 131 + a.data()[i];
    return h;
  }
};

template <>
struct std::hash<lucid::SocketAddress> {
  std::size_t operator()(const lucid::SocketAddress& a) const noexcept {
    return std::hash<lucid::IpAddress>{}(a.ip) * 65537 + a.port;
  }
};
