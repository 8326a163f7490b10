// Bounds-checked big-endian ("network byte order") reading and writing of wire data.
//
// Every protocol layer reads packets only through ByteReader: reading past the end gives an Error
// that names the byte offset, never undefined behaviour (shared/STYLE.md: no pointer casts on
// wire data). ByteWriter appends to a growing vector and can patch a field written earlier,
// which STUN needs for its length field (RFC 8489 §14.5).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"

namespace lucid {

using Bytes = std::vector<std::uint8_t>;
using BytesView = std::span<const std::uint8_t>;

class ByteReader {
 public:
  explicit ByteReader(BytesView data) : data_(data) {}

  std::size_t offset() const { return offset_; }
  std::size_t remaining() const { return data_.size() - offset_; }
  bool empty() const { return remaining() == 0; }

  Result<std::uint8_t> read_u8();
  Result<std::uint16_t> read_u16();
  Result<std::uint32_t> read_u32();
  Result<std::uint64_t> read_u64();
  // A view of the next `n` bytes (valid as long as the underlying buffer is).
  Result<BytesView> read_bytes(std::size_t n);
  // Moves past `n` bytes (padding, for instance).
  Status skip(std::size_t n);

 private:
  Status need(std::size_t n) const;

  BytesView data_;
  std::size_t offset_ = 0;
};

class ByteWriter {
 public:
  void write_u8(std::uint8_t v);
  void write_u16(std::uint16_t v);
  void write_u32(std::uint32_t v);
  void write_u64(std::uint64_t v);
  void write_bytes(BytesView bytes);
  void write_zeros(std::size_t n);
  // Overwrites a 16-bit field written earlier at `offset` (for example a length known only later).
  void patch_u16(std::size_t offset, std::uint16_t v);

  std::size_t size() const { return out_.size(); }
  const Bytes& bytes() const { return out_; }
  Bytes take() { return std::move(out_); }

 private:
  Bytes out_;
};

// Text <-> bytes, for protocols that carry text in binary fields (USERNAME, SOFTWARE, ...).
inline Bytes to_bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }
inline std::string to_string(BytesView b) { return std::string(b.begin(), b.end()); }

}  // namespace lucid
