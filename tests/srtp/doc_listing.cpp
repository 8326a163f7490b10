#include "doc_listing.h"

#include <sstream>

#include "common/hex.h"
#include "peer/srtp_keying.h"
#include "srtp/srtp.h"

namespace lucid::test {
namespace {

std::string spaced(BytesView bytes) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i) out += (i % 16 == 0) ? "\n                " : " ";
    out += to_hex(bytes.subspan(i, 1));
  }
  return out;
}

void row(std::ostringstream& out, const char* name, BytesView bytes) {
  out << "  " << name;
  for (std::size_t n = std::string(name).size(); n < 14; ++n) out << ' ';
  out << spaced(bytes) << "\n";
}

// RFC 5764 §4.2: the exported block cut the way dtls/srtp_keys.cpp cuts it.
dtls::SrtpKeys split(dtls::SrtpProfile profile, const Bytes& block) {
  const std::size_t key = 16, salt = profile == dtls::SrtpProfile::AeadAes128Gcm ? 12 : 14;
  auto part = [&](std::size_t from, std::size_t n) {
    return Bytes(block.begin() + static_cast<std::ptrdiff_t>(from), block.begin() + static_cast<std::ptrdiff_t>(from + n));
  };
  dtls::SrtpKeys k;
  k.profile = profile;
  k.client_write_key = part(0, key);
  k.server_write_key = part(key, key);
  k.client_write_salt = part(2 * key, salt);
  k.server_write_salt = part(2 * key + salt, salt);
  return k;
}

void one_profile(std::ostringstream& out, dtls::SrtpProfile profile) {
  const bool gcm = profile == dtls::SrtpProfile::AeadAes128Gcm;
  const std::size_t salt = gcm ? 12 : 14;
  Bytes block(2 * (16 + salt));
  for (std::size_t i = 0; i < block.size(); ++i) block[i] = static_cast<std::uint8_t>(i + 1);
  const dtls::SrtpKeys keys = split(profile, block);
  out << dtls::to_string(profile) << ": the exporter gives " << block.size() << " bytes (a fixed example block):\n";
  row(out, "block", block);
  row(out, "client key", keys.client_write_key);
  row(out, "server key", keys.server_write_key);
  row(out, "client salt", keys.client_write_salt);
  row(out, "server salt", keys.server_write_salt);

  srtp::Session client = lucid::srtp_session(keys, dtls::Role::Client).value();
  srtp::Session server = lucid::srtp_session(keys, dtls::Role::Server).value();
  // An Opus packet: PT 111, seq 1, timestamp 960, SSRC 0x1a2b3c4d, 8 bytes of "Opus".
  const Bytes rtp = from_hex("806f0001 000003c0 1a2b3c4d fcfffe0102030405").value();
  const Bytes srtp = client.protect_rtp(rtp).value();
  const std::size_t tag = gcm ? 16 : 10;
  out << "\nRTP from the DTLS client, " << rtp.size() << " bytes, protected to " << srtp.size() << ":\n";
  row(out, "header", BytesView(srtp).first(12));
  row(out, "encrypted", BytesView(srtp).subspan(12, rtp.size() - 12));
  row(out, "tag", BytesView(srtp).last(tag));
  out << "  the server unprotects it to " << to_hex(server.unprotect_rtp(srtp).value()) << "\n";

  // A PLI from the server about the client's stream.
  const Bytes rtcp = from_hex("81ce0002 0000beef 1a2b3c4d").value();
  const Bytes srtcp = server.protect_rtcp(rtcp).value();
  out << "\nRTCP (a PLI) from the DTLS server, " << rtcp.size() << " bytes, protected to " << srtcp.size() << ":\n";
  row(out, "clear", BytesView(srtcp).first(8));
  row(out, "encrypted", BytesView(srtcp).subspan(8, rtcp.size() - 8));
  if (gcm) {
    row(out, "tag", BytesView(srtcp).subspan(rtcp.size(), 16));
    row(out, "E + index", BytesView(srtcp).last(4));
  } else {
    row(out, "E + index", BytesView(srtcp).subspan(rtcp.size(), 4));
    row(out, "tag", BytesView(srtcp).last(10));
  }
  out << "  the client unprotects it to " << to_hex(client.unprotect_rtcp(srtcp).value()) << "\n";
}

}  // namespace

std::string srtp_doc_listing() {
  std::ostringstream out;
  one_profile(out, dtls::SrtpProfile::AeadAes128Gcm);
  out << "\n";
  one_profile(out, dtls::SrtpProfile::Aes128CmHmacSha1_80);
  return out.str();
}

}  // namespace lucid::test
