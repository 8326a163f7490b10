#include "common/bytes.h"

namespace lucid {

Status ByteReader::need(std::size_t n) const {
  if (n > remaining()) {
    return fail("needs " + std::to_string(n) + " bytes but only " + std::to_string(remaining()) +
                    " remain",
                "byte " + std::to_string(offset_));
  }
  return Ok{};
}

Result<std::uint8_t> ByteReader::read_u8() {
  if (auto s = need(1); !s) return s.error();
  return data_[offset_++];
}

Result<std::uint16_t> ByteReader::read_u16() {
  if (auto s = need(2); !s) return s.error();
  auto v = static_cast<std::uint16_t>((data_[offset_] << 8) | data_[offset_ + 1]);
  offset_ += 2;
  return v;
}

Result<std::uint32_t> ByteReader::read_u32() {
  if (auto s = need(4); !s) return s.error();
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | data_[offset_++];
  return v;
}

Result<std::uint64_t> ByteReader::read_u64() {
  if (auto s = need(8); !s) return s.error();
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | data_[offset_++];
  return v;
}

Result<BytesView> ByteReader::read_bytes(std::size_t n) {
  if (auto s = need(n); !s) return s.error();
  BytesView v = data_.subspan(offset_, n);
  offset_ += n;
  return v;
}

Status ByteReader::skip(std::size_t n) {
  if (auto s = need(n); !s) return s.error();
  offset_ += n;
  return Ok{};
}

void ByteWriter::write_u8(std::uint8_t v) { out_.push_back(v); }

void ByteWriter::write_u16(std::uint16_t v) {
  out_.push_back(static_cast<std::uint8_t>(v >> 8));
  out_.push_back(static_cast<std::uint8_t>(v));
}

void ByteWriter::write_u32(std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out_.push_back(static_cast<std::uint8_t>(v >> shift));
}

void ByteWriter::write_u64(std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out_.push_back(static_cast<std::uint8_t>(v >> shift));
}

void ByteWriter::write_bytes(BytesView bytes) { out_.insert(out_.end(), bytes.begin(), bytes.end()); }

void ByteWriter::write_zeros(std::size_t n) { out_.insert(out_.end(), n, 0); }

void ByteWriter::patch_u16(std::size_t offset, std::uint16_t v) {
  out_.at(offset) = static_cast<std::uint8_t>(v >> 8);
  out_.at(offset + 1) = static_cast<std::uint8_t>(v);
}

}  // namespace lucid
