#include "dtls/fingerprint.h"

#include <array>
#include <cctype>

namespace lucid::dtls {
namespace {

struct HashName {
  HashFunction hash;
  std::string_view name;
  std::size_t size;
  int strength;
};

constexpr std::array<HashName, 4> kHashes{{
    {HashFunction::Sha1, "sha-1", 20, 1},
    {HashFunction::Sha256, "sha-256", 32, 2},
    {HashFunction::Sha384, "sha-384", 48, 3},
    {HashFunction::Sha512, "sha-512", 64, 4},
}};

const HashName& info(HashFunction hash) {
  for (const auto& h : kHashes)
    if (h.hash == hash) return h;
  return kHashes[1];
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string where(std::size_t offset) {
  return "a=fingerprint character " + std::to_string(offset + 1);
}

}  // namespace

std::string_view to_string(HashFunction hash) { return info(hash).name; }
std::size_t digest_size(HashFunction hash) { return info(hash).size; }
int strength(HashFunction hash) { return info(hash).strength; }

std::string Fingerprint::to_sdp() const {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out(to_string(hash));
  out += ' ';
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (i > 0) out += ':';
    out += kDigits[value[i] >> 4];
    out += kDigits[value[i] & 0x0f];
  }
  return out;
}

Result<Fingerprint> Fingerprint::parse(std::string_view text) {
  // RFC 8122 §5: fingerprint-attribute = "fingerprint" ":" hash-func SP fingerprint
  //              fingerprint = 2UHEX *(":" 2UHEX)   (lower case is accepted here too: RFC 8122
  //              says hash-func is case-insensitive, and browsers have been seen to vary)
  const std::size_t space = text.find_first_of(" \t");
  if (space == std::string_view::npos)
    return fail("expected '<hash function> <hex pairs>'", where(0));
  const std::string_view name = text.substr(0, space);
  const HashName* found = nullptr;
  for (const auto& h : kHashes)
    if (equal_ignoring_case(name, h.name)) found = &h;
  if (found == nullptr)
    return fail("unsupported hash function '" + std::string(name) + "'", where(0));

  std::size_t i = space;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  Fingerprint fp;
  fp.hash = found->hash;
  while (i < text.size()) {
    if (!fp.value.empty()) {
      if (text[i] != ':') return fail("expected ':' between hex pairs", where(i));
      ++i;
    }
    if (i + 2 > text.size()) return fail("hex pair cut short", where(i));
    const int high = hex_value(text[i]);
    const int low = hex_value(text[i + 1]);
    if (high < 0 || low < 0) return fail("not a hex digit", where(high < 0 ? i : i + 1));
    fp.value.push_back(static_cast<std::uint8_t>(high << 4 | low));
    i += 2;
  }
  if (fp.value.size() != found->size)
    return fail(std::string(found->name) + " needs " + std::to_string(found->size) +
                " bytes, got " + std::to_string(fp.value.size()));
  return fp;
}

}  // namespace lucid::dtls
