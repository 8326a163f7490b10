// Target 8, peer_session: two PeerConnections connected in memory (fake clock, non-trickle
// offer/answer as tests/peer/two_peers.h does it) with a data channel open both ways; then the
// fuzz input is what one side receives after that.
//
// Input: frames (frames.h). Bits 0-1 of a frame's flags say what the frame is:
//   0  SCTP chunks for b: the harness puts the real common header in front (a's port, b's
//      port, b's verification tag), fixes the CRC32c (RFC 9260 §6.8), and sends the packet
//      through a's DTLS transport, so it is encrypted with the connection's keys and b decrypts
//      it like any record (RFC 8261 §5: one SCTP packet per DTLS record);
//   1  the same for a: chunks from b, with a's tag, through b's DTLS;
//   2  a whole SCTP packet for b, its own common header kept, only the CRC32c fixed;
//   3  a raw datagram for b's socket, from a's address: ICE's entry point (STUN, DTLS records
//      that fail their MAC, garbage).
// Bit 2 (modes 0 and 1): DATA and I-DATA chunks get the next TSN the receiver expects, so they
// are delivered rather than dropped as duplicates. Bits 3-7: fake time (× 10 ms) passing
// before the frame, with every timer on the way.
//
// How deep it reaches (checked with coverage, docs/fuzzing.md): through ICE's classifier and
// DTLS decryption (src/ice, src/dtls) into SctpTransport (src/peer/sctp_transport.cpp), the
// Association (src/sctp/association.cpp), usrsctp's chunk handling past its verification-tag
// and checksum checks, and lucid's receive side: association_receive.cpp (messages, partial
// delivery, notifications, stream resets) and dcep.cpp (DATA_CHANNEL_OPEN/ACK on PPID 50), up to
// the DataChannel events. The vtag and the TSN come from the real packet stream: the fuzz
// binary interposes usrsctp_conninput (below), which sees every plaintext SCTP packet that
// leaves DTLS, before calling the real one.
//
// Each input starts from a fresh connected pair, so a crash replays from its file alone. That
// costs a DTLS and an SCTP handshake per input (the certificates are made once): this target
// runs some tens of inputs a second, where the parser targets run tens of thousands.
//
// LUCID_FUZZ_WRITE_SEEDS=<dir>: also writes, as seeds in this input format, the SCTP packets b
// and a received while connecting (their chunks), and a DCEP DATA_CHANNEL_OPEN for a new
// stream, on its first input (run it with -runs=1).
#include <dlfcn.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "common/random.h"
#include "dtls/certificate.h"
#include "support/fake_wall_clock.h"
#include "support/sim_clock.h"
#include "dtls/transport.h"
#include "fuzz_check.h"
#include "frames.h"
#include "peer/peer_connection.h"
#include "sctp/dcep.h"

using namespace lucid;

namespace {

// ---- every plaintext SCTP packet on its way into usrsctp --------------------------------------

// Which PeerConnection is handling input right now (set around handle_input/handle_timeout), so
// that a packet seen in usrsctp_conninput can be said to be a's or b's.
int receiving = -1;  // 0 = a, 1 = b
struct Seen {
  int to;
  Bytes packet;
};
std::vector<Seen>* seen = nullptr;

}  // namespace

// The fuzz binary's own usrsctp_conninput: libusrsctp is a shared library, so lucid's call in
// Association::handle_input comes here; the real one is found with dlsym(RTLD_NEXT).
extern "C" void usrsctp_conninput(void* address, const void* buffer, std::size_t length,
                                  std::uint8_t ecn_bits) {
  using Real = void (*)(void*, const void*, std::size_t, std::uint8_t);
  static const Real real = reinterpret_cast<Real>(dlsym(RTLD_NEXT, "usrsctp_conninput"));
  if (seen && receiving >= 0) {
    const auto* p = static_cast<const std::uint8_t*>(buffer);
    seen->push_back({receiving, Bytes(p, p + length)});
  }
  real(address, buffer, length, ecn_bits);
}

namespace {

// ---- SCTP framing ------------------------------------------------------------------------------

// RFC 9260 Appendix B: CRC32c (Castagnoli, reflected 0x82F63B78), over the packet with the
// checksum field zero, stored least significant byte first.
std::uint32_t crc32c(BytesView data) {
  std::uint32_t crc = 0xFFFFFFFF;
  for (std::uint8_t byte : data) {
    crc ^= byte;
    for (int i = 0; i < 8; ++i) crc = (crc >> 1) ^ (0x82F63B78 & (0u - (crc & 1)));
  }
  return ~crc;
}

void fix_checksum(Bytes& packet) {
  if (packet.size() < 12) return;
  for (int i = 8; i < 12; ++i) packet[i] = 0;
  const std::uint32_t crc = crc32c(packet);
  for (int i = 0; i < 4; ++i) packet[8 + i] = static_cast<std::uint8_t>(crc >> (8 * i));
}

bool checksum_ok(const Bytes& packet) {
  Bytes copy = packet;
  fix_checksum(copy);
  return copy == packet;
}

std::uint32_t read32(const Bytes& b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
}
void write32(Bytes& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

// What one side's association expects: the common header of packets to it, and its next TSN.
struct Receiver {
  Bytes header;  // 12 bytes: source port, destination port, verification tag, checksum
  std::uint32_t next_tsn = 0;
  bool known = false;
};

// RFC 9260 §3.2: chunks are type, flags, length, value, padded to 4 bytes. DATA (0) and I-DATA
// (64, RFC 8260) carry their TSN in the first 4 value bytes.
void learn(Receiver& r, const Bytes& packet) {
  if (packet.size() < 12 || read32(packet, 4) == 0) return;  // an INIT has tag 0
  r.header.assign(packet.begin(), packet.begin() + 12);
  r.known = true;
  for (std::size_t at = 12; at + 4 <= packet.size();) {
    const std::size_t length = (packet[at + 2] << 8) | packet[at + 3];
    if (length < 4) break;
    if ((packet[at] == 0 || packet[at] == 64) && at + 8 <= packet.size())
      r.next_tsn = std::max(r.next_tsn, read32(packet, at + 4) + 1);
    at += (length + 3) & ~std::size_t{3};
  }
}

void renumber(Receiver& r, Bytes& packet) {
  for (std::size_t at = 12; at + 4 <= packet.size();) {
    const std::size_t length = (packet[at + 2] << 8) | packet[at + 3];
    if (length < 4) break;
    if ((packet[at] == 0 || packet[at] == 64) && at + 8 <= packet.size())
      write32(packet, at + 4, r.next_tsn++);
    at += (length + 3) & ~std::size_t{3};
  }
}

// ---- the connected pair ------------------------------------------------------------------------

PeerConnectionConfiguration config(const char* name) {
  static SeededRandom random(8);
  static const dtls::Certificate certificate_a = dtls::Certificate::generate(random);
  static const dtls::Certificate certificate_b = dtls::Certificate::generate(random);
  PeerConnectionConfiguration c;
  c.name = name;
  c.certificate = name[0] == 'a' ? certificate_a : certificate_b;
  return c;
}

struct Pair {
  SeededRandom random_a{1}, random_b{2};
  PeerConnection a{config("a"), random_a};
  PeerConnection b{config("b"), random_b};
  SocketAddress address_a = *SocketAddress::parse("10.0.0.1:5000");
  SocketAddress address_b = *SocketAddress::parse("10.0.0.2:6000");
  // usrsctp's one clock does not go back: each input's pair starts where the last one stopped,
  // and moving `clock` moves the fake gettimeofday() with it.
  test::SimClock clock = test::SimClock::after_last_run();
  Timestamp now = clock.now();
  std::shared_ptr<DataChannel> channel_a, channel_b;
  Receiver to[2];  // what a (0) and b (1) expect

  Pair() {
    a.add_local_address(address_a);
    b.add_local_address(address_b);
  }

  PeerConnection& pc(int side) { return side == 0 ? a : b; }

  void deliver(int side, Datagram datagram) {
    receiving = side;
    pc(side).handle_input(datagram, now);
    receiving = -1;
  }

  void settle() {
    for (bool moved = true; moved;) {
      moved = false;
      for (int from = 0; from < 2; ++from) {
        const int to_side = 1 - from;
        const SocketAddress& to_address = to_side == 0 ? address_a : address_b;
        while (auto t = pc(from).poll_transmit()) {
          moved = true;
          if (t->remote == to_address) deliver(to_side, Datagram{t->remote, t->local, std::move(t->data)});
        }
        while (auto e = pc(from).poll_event()) {
          moved = true;
          if (auto* dc = std::get_if<DataChannelEvent>(&*e)) channel_b = dc->channel;
        }
      }
    }
  }

  // Moves time to `until`, firing every timer on the way.
  void run_to(Timestamp until) {
    settle();
    for (int steps = 0; steps < 10000; ++steps) {
      std::optional<Timestamp> next = a.poll_timeout();
      if (auto tb = b.poll_timeout(); tb && (!next || *tb < *next)) next = tb;
      if (!next || *next > until) break;
      now = std::max(now, *next);
      clock.advance_to(now);
      for (int side = 0; side < 2; ++side) {
        receiving = side;
        pc(side).handle_timeout(now);
        receiving = -1;
      }
      settle();
    }
    now = std::max(now, until);
    clock.advance_to(now);
  }

  bool connected() const {
    return a.connection_state() == PeerConnectionState::Connected &&
           b.connection_state() == PeerConnectionState::Connected && channel_a &&
           channel_a->ready_state() == DataChannelState::Open && channel_b;
  }

  bool connect() {
    const auto gathered = [](const PeerConnection& pc) {
      return pc.ice_gathering_state() == IceGatheringState::Complete;
    };
    channel_a = a.create_data_channel("chat");
    a.set_local_description(a.create_offer(), now);
    for (int i = 0; i < 100 && !gathered(a); ++i) run_to(now + std::chrono::milliseconds(10));
    if (!b.set_remote_description(*a.local_description(), now).ok()) return false;
    b.set_local_description(b.create_answer(), now);
    for (int i = 0; i < 100 && !gathered(b); ++i) run_to(now + std::chrono::milliseconds(10));
    if (!a.set_remote_description(*b.local_description(), now).ok()) return false;
    for (int i = 0; i < 3000 && !connected(); ++i) run_to(now + std::chrono::milliseconds(10));
    if (!connected()) return false;
    channel_a->send("hello");
    channel_b->send("hello back");
    run_to(now + std::chrono::milliseconds(50));
    return true;
  }

  // Sends an SCTP packet to `side` through the other side's DTLS transport: a record encrypted
  // with the connection's keys. The const_cast is the harness's alone: PeerConnection hands out
  // its DTLS transport for inspection, and the fuzzer borrows it to speak for the peer.
  void inject_sctp(int side, const Bytes& packet) {
    const dtls::Transport* sender = pc(1 - side).dtls_transport();
    if (!sender || sender->state() != dtls::State::Connected) return;
    (void)const_cast<dtls::Transport*>(sender)->send(packet);
    settle();
  }
};

void write_seed(const std::string& dir, const std::string& name, const Bytes& content) {
  std::ofstream(dir + "/" + name, std::ios::binary)
      .write(reinterpret_cast<const char*>(content.data()), static_cast<std::streamsize>(content.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<Seen> packets;
  seen = &packets;
  Pair pair;
  const bool up = pair.connect();
  LUCID_FUZZ_CHECK(up);  // the harness itself is broken if two lucid peers do not connect
  for (const Seen& s : packets) {
    LUCID_FUZZ_CHECK(checksum_ok(s.packet));  // our CRC32c is usrsctp's
    learn(pair.to[s.to], s.packet);
  }
  LUCID_FUZZ_CHECK(pair.to[0].known && pair.to[1].known);

  static bool seeds_written = false;
  if (const char* dir = std::getenv("LUCID_FUZZ_WRITE_SEEDS"); dir && !seeds_written) {
    seeds_written = true;
    int n = 0;
    for (const Seen& s : packets) {
      Bytes seed;
      fuzz::append_frame(seed, static_cast<std::uint8_t>(s.to == 1 ? 0 : 1),
                         BytesView(s.packet).subspan(12));
      write_seed(dir, "handshake-" + std::to_string(n++) + (s.to == 1 ? "-to-b" : "-to-a"), seed);
    }
    // RFC 8832 §5.1: a DATA_CHANNEL_OPEN on stream 3 (a is the DTLS server: odd ids) as a DATA
    // chunk (RFC 9260 §3.3.1: B and E set, stream 3, sequence 0, PPID 50), TSN renumbered.
    sctp::dcep::Open open;
    open.label = "fuzz";
    const Bytes message = sctp::dcep::encode(open);
    const std::uint8_t header[] = {0x00, 0x03, 0, 0, 0, 0, 0, 0, 0x00, 0x03, 0x00, 0x00, 0, 0, 0, 50};
    // Built by appending to a reserved vector: g++ 12's -Warray-bounds misreads an insert into
    // a 16-byte initializer-list vector as a write past it (a false positive, fatal in CI).
    Bytes chunk;
    chunk.reserve(sizeof(header) + message.size() + 3);
    chunk.assign(std::begin(header), std::end(header));
    for (std::uint8_t b : message) chunk.push_back(b);
    chunk[2] = static_cast<std::uint8_t>(chunk.size() >> 8);
    chunk[3] = static_cast<std::uint8_t>(chunk.size());
    while (chunk.size() % 4) chunk.push_back(0);
    Bytes seed;
    fuzz::append_frame(seed, 0x04, chunk);
    write_seed(dir, "dcep-open-stream-3", seed);
    std::fprintf(stderr, "peer_session: wrote %d seeds to %s\n", n + 1, dir);
  }

  fuzz::Frames frames(fuzz::bytes(data, size));
  while (auto frame = frames.next()) {
    pair.run_to(pair.now + std::chrono::milliseconds(10 * (frame->flags >> 3)));
    const int mode = frame->flags & 3;
    if (mode == 3) {
      pair.deliver(1, Datagram{pair.address_b, pair.address_a, Bytes(frame->data.begin(), frame->data.end())});
      pair.settle();
      continue;
    }
    const int side = mode == 1 ? 0 : 1;
    Receiver& r = pair.to[side];
    Bytes packet;
    if (mode == 2) {
      packet.assign(frame->data.begin(), frame->data.end());
    } else {
      packet = r.header;
      packet.insert(packet.end(), frame->data.begin(), frame->data.end());
      if (frame->flags & 4) renumber(r, packet);
    }
    fix_checksum(packet);
    pair.inject_sctp(side, packet);
  }
  // Time for what the frames started: retransmissions, SACKs, stream resets, ABORTs.
  pair.run_to(pair.now + std::chrono::milliseconds(500));
  pair.a.close();
  pair.b.close();
  pair.settle();
  seen = nullptr;
  return 0;
}
