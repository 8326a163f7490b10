#include "impair/mixed_transfer.h"

#include <algorithm>
#include <map>
#include <vector>

#include "net/peer_host.h"

namespace lucid::impair {

namespace {

// Sizes from one byte to the largest message both ends accept (a=max-message-size:262144),
// around the MTU and the SCTP fragment boundaries.
constexpr std::size_t kSizes[] = {1,    2,     7,     100,   1000,  1100,   1200,  1300,
                                  4096, 16384, 65535, 65536, 100000, 200000, 262144};

// The content of message `index` on channel `tag`: a deterministic byte stream (xorshift), so
// that the receiver can recompute what was sent.
Bytes message(std::uint32_t tag, std::size_t index) {
  const std::size_t size = kSizes[index % std::size(kSizes)];
  Bytes data(size);
  std::uint64_t x = (std::uint64_t{tag} << 32 | index) * 0x9e3779b97f4a7c15ull + 1;
  for (auto& byte : data) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    byte = static_cast<std::uint8_t>(x);
  }
  return data;
}

std::uint64_t fnv1a(BytesView data) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (std::uint8_t b : data) h = (h ^ b) * 0x100000001b3ull;
  return h;
}

using Fingerprint = std::pair<std::size_t, std::uint64_t>;  // size, checksum

// One channel's sending side (on a) and checking side (on b).
struct Stream {
  std::uint32_t tag;
  bool ordered;
  std::size_t count;
  std::vector<Fingerprint> expected;  // by index
  std::multimap<Fingerprint, std::size_t> outstanding;  // not yet arrived (unordered channel)
  std::size_t next_to_send = 0, next_expected = 0;
  ChannelOutcome outcome;
  std::shared_ptr<net::HostedDataChannel> sender;

  Stream(std::uint32_t t, bool o, std::size_t n) : tag(t), ordered(o), count(n) {
    for (std::size_t i = 0; i < n; ++i) {
      const Bytes m = message(tag, i);
      expected.emplace_back(m.size(), fnv1a(m));
      outstanding.emplace(expected.back(), i);
    }
  }
  bool done() const { return outcome.intact + outcome.corrupted + outcome.out_of_order >= count; }

  void fill() {
    constexpr std::size_t kHigh = 1024 * 1024;
    while (next_to_send < count && sender->buffered_amount() < kHigh) {
      sender->send(message(tag, next_to_send++));
      ++outcome.sent;
    }
  }

  void receive(const Bytes& data) {
    const Fingerprint f{data.size(), fnv1a(data)};
    if (ordered) {
      // Exactly the next message of the sequence, or a message that was sent but not now.
      if (next_expected < count && f == expected[next_expected]) {
        ++next_expected;
        accept(data);
      } else if (std::find(expected.begin(), expected.end(), f) != expected.end()) {
        ++outcome.out_of_order;
      } else {
        ++outcome.corrupted;
      }
      return;
    }
    auto it = outstanding.find(f);  // any message not yet arrived, in any order
    if (it == outstanding.end()) {
      ++outcome.corrupted;
      return;
    }
    outstanding.erase(it);
    accept(data);
  }
  void accept(const Bytes& data) {
    ++outcome.intact;
    outcome.bytes += data.size();
  }
};

double ms_between(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

}  // namespace

std::size_t messages_per_round() { return std::size(kSizes); }
std::size_t bytes_per_round() {
  std::size_t total = 0;
  for (std::size_t s : kSizes) total += s;
  return total;
}

TransferOutcome run_mixed_transfer(ImpairedPath& path, const TransferOptions& options) {
  TransferOutcome out;
  net::EventLoop loop;
  auto only = [](const IpAddress& ip) {
    net::PeerHostOptions o;
    o.interfaces.only = {ip};
    return o;
  };
  // Each host binds its socket in its own namespace; after that, one thread drives both.
  path.enter_a();
  net::PeerHost a(loop, {}, only(path.address_a()));
  path.enter_b();
  net::PeerHost b(loop, {}, only(path.address_b()));
  path.leave();

  const std::size_t count = static_cast<std::size_t>(options.rounds) * std::size(kSizes);
  Stream ordered(1, true, count), unordered(2, false, count);
  ordered.sender = a.create_data_channel("ordered");
  DataChannelInit init;
  init.ordered = false;
  unordered.sender = a.create_data_channel("unordered", init);

  std::chrono::steady_clock::time_point opened, finished;
  int open = 0;
  for (Stream* s : {&ordered, &unordered}) {
    s->sender->set_buffered_amount_low_threshold(256 * 1024);
    s->sender->on_buffered_amount_low = [s] { s->fill(); };
    s->sender->on_open = [&, s] {
      if (++open == 2) opened = std::chrono::steady_clock::now();
      s->fill();
    };
  }
  b.on_data_channel = [&](std::shared_ptr<net::HostedDataChannel> c) {
    Stream* s = c->label() == "ordered" ? &ordered : &unordered;
    c->on_message = [&, s](const MessageEvent& m) {
      if (m.is_text()) ++s->outcome.corrupted;
      else s->receive(m.binary());
      if (ordered.done() && unordered.done()) finished = std::chrono::steady_clock::now();
    };
  };

  // Non-trickle signalling, as the bench next door does: the offer and answer carry every
  // candidate.
  const auto start = std::chrono::steady_clock::now();
  auto gathered = [](const net::PeerHost& h) {
    return h.ice_gathering_state() == IceGatheringState::Complete;
  };
  a.set_local_description(a.create_offer());
  loop.run_until([&] { return gathered(a); }, std::chrono::seconds(5));
  (void)b.set_remote_description(*a.local_description());
  b.set_local_description(b.create_answer());
  loop.run_until([&] { return gathered(b); }, std::chrono::seconds(5));
  (void)a.set_remote_description(*b.local_description());

  auto connected = [&] {
    return a.connection_state() == PeerConnectionState::Connected &&
           b.connection_state() == PeerConnectionState::Connected;
  };
  out.connected = loop.run_until(connected, options.connect_limit);
  out.connect_ms = ms_between(start, std::chrono::steady_clock::now());
  if (!out.connected) {
    out.stopped = "did not connect";
  } else if (!loop.run_until([&] { return ordered.done() && unordered.done(); },
                             options.transfer_limit)) {
    out.stopped = "transfer did not finish in time";
  } else {
    out.transfer_s = ms_between(opened, finished) / 1000;
    out.goodput_bytes_per_s =
        static_cast<double>(ordered.outcome.bytes + unordered.outcome.bytes) / out.transfer_s;
    loop.run_until([] { return false; }, options.settle);
  }
  out.ordered = ordered.outcome;
  out.unordered = unordered.outcome;
  out.state_a = a.connection_state();
  out.state_b = b.connection_state();
  out.ice_a = a.ice_connection_state();
  out.ice_b = b.ice_connection_state();
  a.close();
  b.close();
  return out;
}

}  // namespace lucid::impair
