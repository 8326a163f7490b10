// sctp_dcep: two SCTP associations in one process, joined by a perfect in-memory link, open a
// data channel with DCEP, exchange a message, and close the channel by stream reset.
//
// It prints the sctp and dcep traces, and every SCTP DATA chunk that carries DCEP (PPID 50)
// as the bytes that went between the two ends. docs/sctp.md is made from its output.
//
//   build/examples/sctp_dcep/sctp_dcep
#include <cstdio>
#include <deque>
#include <string>

#include "common/hex.h"
#include "common/trace.h"
#include "sctp/sctp.h"

using namespace lucid;
using namespace lucid::sctp;

namespace {

// Which end lucid is working for right now, so that each trace line can say so. (Both ends
// share one usrsctp; a line is printed while a call into that end is running.)
const char* g_side = "";

// RFC 9260 §3.3.1: a DATA chunk is type 0, flags, length, TSN, stream id, stream sequence
// number, PPID, then the user data. Prints each one, and the bytes of those with PPID 50 (DCEP).
void show_dcep_chunks(const char* direction, BytesView packet) {
  ByteReader r(packet);
  if (!r.skip(12).ok()) return;  // common header
  while (!r.empty()) {
    const std::size_t chunk_at = r.offset();
    auto type = r.read_u8();
    auto flags = r.read_u8();
    auto length = r.read_u16();
    if (!type || !flags || !length || *length < 4) return;
    const std::size_t padded = (static_cast<std::size_t>(*length) + 3) & ~std::size_t{3};
    if (*type == 0 && *length >= 16) {
      auto tsn = r.read_u32();
      auto stream = r.read_u16();
      auto ssn = r.read_u16();
      auto ppid = r.read_u32();
      if (tsn && stream && ssn && ppid && *ppid == 50) {
        auto user = r.read_bytes(*length - 16u);
        if (!user) return;
        // RFC 9260 §3.3.1 flags: U (0x04) unordered, B (0x02) first piece, E (0x01) last.
        std::printf("\n%s DATA chunk: TSN %u, stream %u, SSN %u, PPID %u, flags 0x%02x (%s%s%s)\n",
                    direction, *tsn, *stream, *ssn, *ppid, *flags,
                    (*flags & 0x04) ? "unordered" : "ordered",
                    (*flags & 0x02) ? ", first piece" : "", (*flags & 0x01) ? ", last piece" : "");
        std::printf("chunk:\n%s", hex_dump(packet.subspan(chunk_at, *length)).c_str());
        std::printf("DCEP message (the chunk's user data):\n%s", hex_dump(*user).c_str());
        if (!r.skip(padded - *length).ok()) return;
        continue;
      }
      if (tsn && stream && ssn && ppid) {
        std::printf(
            "%s DATA chunk: TSN %u, stream %u, SSN %u, PPID %u, flags 0x%02x (%s%s%s), "
            "%u bytes of the message\n",
            direction, *tsn, *stream, *ssn, *ppid, *flags,
            (*flags & 0x04) ? "unordered" : "ordered", (*flags & 0x02) ? ", first piece" : "",
            (*flags & 0x01) ? ", last piece" : "", *length - 16u);
      }
      if (!r.skip(padded - 16).ok()) return;
      continue;
    }
    if (!r.skip(std::min(padded - 4, r.remaining())).ok()) return;
  }
}

void pump(Association& from, Association& to, const char* direction, const char* to_name,
          Timestamp now) {
  while (auto packet = from.poll_transmit()) {
    show_dcep_chunks(direction, *packet);
    g_side = to_name;
    to.handle_input(*packet, now);
  }
}

void print_events(const char* who, Association& a) {
  while (auto event = a.poll_event()) {
    std::visit(
        [&](const auto& e) {
          using T = std::decay_t<decltype(e)>;
          if constexpr (std::is_same_v<T, AssociationEstablished>)
            std::printf("%s event: association established\n", who);
          else if constexpr (std::is_same_v<T, ChannelCreated>)
            std::printf("%s event: the remote created channel %u\n", who, e.id);
          else if constexpr (std::is_same_v<T, ChannelOpened>)
            std::printf("%s event: channel %u open\n", who, e.id);
          else if constexpr (std::is_same_v<T, MessageReceived>) {
            if (e.kind == MessageKind::Text)
              std::printf("%s event: message on channel %u: \"%s\"\n", who, e.id,
                          to_string(e.data).c_str());
            else
              std::printf("%s event: binary message of %zu bytes on channel %u\n", who,
                          e.data.size(), e.id);
          } else if constexpr (std::is_same_v<T, BufferedAmountLow>)
            std::printf("%s event: channel %u bufferedamountlow\n", who, e.id);
          else if constexpr (std::is_same_v<T, ChannelClosing>)
            std::printf("%s event: channel %u closing (the remote reset its stream)\n", who, e.id);
          else if constexpr (std::is_same_v<T, ChannelClosed>)
            std::printf("%s event: channel %u closed\n", who, e.id);
          else
            std::printf("%s event: other\n", who);
        },
        *event);
  }
}

}  // namespace

int main() {
  trace::set_sink([](std::string_view layer, std::string_view line) {
    std::printf("%-7s [%.*s] %.*s\n", g_side, int(layer.size()), layer.data(), int(line.size()),
                line.data());
  });
  trace::enable("sctp,dcep");

  Timestamp now = at_ms(0);
  AssociationConfig client_config;
  client_config.role = Role::Client;
  AssociationConfig server_config;
  server_config.role = Role::Server;
  std::printf("--- the DTLS client and the DTLS server each start an association\n");
  g_side = "client";
  Association client(client_config, now);
  g_side = "server";
  Association server(server_config, now);

  auto run = [&](int ms) {
    for (int i = 0; i < ms; ++i) {
      now += std::chrono::milliseconds(1);
      pump(client, server, "client → server", "server", now);
      pump(server, client, "server → client", "client", now);
      g_side = "client";
      client.handle_timeout(now);
      g_side = "server";
      server.handle_timeout(now);
      print_events("client", client);
      print_events("server", server);
    }
  };
  run(20);

  std::printf("\n--- the client opens channel \"chat\" (protocol \"json\") and says hello\n");
  ChannelInit init;
  init.label = "chat";
  init.protocol = "json";
  g_side = "client";
  const std::uint16_t id = client.create_channel(init);
  client.send(id, "hello");
  run(20);

  std::printf("\n--- the client sends a 3000-byte binary message: it does not fit one packet\n");
  g_side = "client";
  client.send(id, Bytes(3000, 0xab), MessageKind::Binary);
  run(20);

  std::printf("\n--- the server closes the channel\n");
  g_side = "server";
  server.close_channel(id);
  run(300);
  g_side = "";
  return 0;
}
