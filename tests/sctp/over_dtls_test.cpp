// Two sctp::Associations carried over two dtls::Transports (RFC 8261), all in memory with a
// fake clock: the stack a PeerConnection builds between ICE and the data channels.
//
// This binary links tests/dtls/fake_wall_clock.cpp, which replaces gettimeofday() so that
// OpenSSL's retransmission timer follows the fake clock. usrsctp reads gettimeofday() too (RTT
// samples, what a T3-rtx timeout resends), so here it sees the same fake time as everything else.
#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>

#include "common/random.h"
#include "dtls/dtls.h"
#include "support/fake_wall_clock.h"
#include "sctp/sctp.h"
#include "test_util.h"

using namespace lucid;
using namespace lucid::sctp::test;

namespace {

// One end: DTLS below, SCTP above once DTLS is connected.
struct End {
  dtls::Transport dtls;
  std::unique_ptr<sctp::Association> sctp;
  std::vector<sctp::Event> events;
  std::size_t largest_datagram = 0;

  End(dtls::Role role, dtls::Certificate certificate) : dtls(role, std::move(certificate)) {}

  template <typename T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const auto& e : events)
      if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
    return out;
  }
};

class Stack {
 public:
  explicit Stack(double loss) : loss_(loss) {
    client_ =
        std::make_unique<End>(dtls::Role::client, dtls::Certificate::generate(random_, "client"));
    server_ =
        std::make_unique<End>(dtls::Role::server, dtls::Certificate::generate(random_, "server"));
    client_->dtls.set_remote_fingerprints({server_->dtls.local_fingerprint()});
    server_->dtls.set_remote_fingerprints({client_->dtls.local_fingerprint()});
    lucid::test::set_wall_clock(now_);
    client_->dtls.start(now_);
    server_->dtls.start(now_);
  }

  End& client() { return *client_; }
  End& server() { return *server_; }

  bool run_until(const std::function<bool()>& done, Duration limit = std::chrono::seconds(120)) {
    const Timestamp end = now_ + limit;
    while (!done()) {
      if (now_ >= end) return false;
      step();
    }
    return true;
  }

 private:
  struct InFlight {
    Timestamp at;
    End* to;
    Bytes datagram;
  };

  // DTLS connected → start SCTP with the role DTLS gave us (RFC 8832 §6: stream id parity).
  void pump(End& end, End& other) {
    while (auto e = end.dtls.poll_event()) {
      if (std::holds_alternative<dtls::Connected>(*e) && !end.sctp) {
        sctp::AssociationConfig config;
        config.role =
            end.dtls.role() == dtls::Role::client ? sctp::Role::client : sctp::Role::server;
        config.remote_max_message_size = 262144;
        end.sctp = std::make_unique<sctp::Association>(config, now_);
      } else if (auto* data = std::get_if<dtls::ApplicationData>(&*e); data && end.sctp) {
        end.sctp->handle_input(data->data, now_);
      }
    }
    if (end.sctp) {
      while (auto packet = end.sctp->poll_transmit()) REQUIRE(end.dtls.send(*packet).ok());
      while (auto event = end.sctp->poll_event()) end.events.push_back(std::move(*event));
    }
    while (auto datagram = end.dtls.poll_transmit()) {
      end.largest_datagram = std::max(end.largest_datagram, datagram->size());
      if (static_cast<double>(random_.uniform(0, 999)) < loss_ * 1000.0) continue;
      in_flight_.push_back(
          InFlight{now_ + std::chrono::milliseconds(10), &other, std::move(*datagram)});
    }
  }

  void step() {
    pump(*client_, *server_);
    pump(*server_, *client_);
    Timestamp next = now_ + std::chrono::seconds(1);
    for (const auto& d : in_flight_) next = std::min(next, d.at);
    for (End* end : {client_.get(), server_.get()}) {
      if (auto t = end->dtls.poll_timeout()) next = std::min(next, *t);
      if (end->sctp)
        if (auto t = end->sctp->poll_timeout()) next = std::min(next, *t);
    }
    now_ = std::max(now_, next);
    lucid::test::set_wall_clock(now_);
    std::vector<InFlight> due;
    std::vector<InFlight> later;
    for (auto& d : in_flight_) (d.at <= now_ ? due : later).push_back(std::move(d));
    in_flight_ = std::move(later);
    for (auto& d : due) d.to->dtls.handle_input(d.datagram, now_);
    for (End* end : {client_.get(), server_.get()}) {
      if (auto t = end->dtls.poll_timeout(); t && *t <= now_) end->dtls.handle_timeout(now_);
      if (end->sctp)
        if (auto t = end->sctp->poll_timeout(); t && *t <= now_) end->sctp->handle_timeout(now_);
    }
    pump(*client_, *server_);
    pump(*server_, *client_);
  }

  SeededRandom random_{42};
  double loss_;
  Timestamp now_ = at_ms(0);
  std::unique_ptr<End> client_;
  std::unique_ptr<End> server_;
  std::vector<InFlight> in_flight_;
};

bool up(const End& end) {
  return end.sctp && end.sctp->state() == sctp::AssociationState::established;
}

}  // namespace

TEST_CASE(
    "two associations over two DTLS transports open channels from both sides and exchange "
    "messages") {
  Stack stack(0.02);
  REQUIRE(stack.run_until([&] { return up(stack.client()) && up(stack.server()); }));

  sctp::Association& client = *stack.client().sctp;
  sctp::Association& server = *stack.server().sctp;
  const std::uint16_t from_client = client.create_channel(labelled("from the DTLS client"));
  const std::uint16_t from_server = server.create_channel(labelled("from the DTLS server"));
  CHECK(from_client % 2 == 0);
  CHECK(from_server % 2 == 1);
  REQUIRE(stack.run_until([&] {
    return server.channel(from_client) != nullptr && client.channel(from_server) != nullptr;
  }));
  CHECK(server.channel(from_client)->label() == "from the DTLS client");
  CHECK(client.channel(from_server)->label() == "from the DTLS server");

  // Small and large, text and binary, both ways.
  const std::vector<std::size_t> sizes = {1, 100, 1200, 16 * 1024, 64 * 1024, 256 * 1024};
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    client.send(from_client, payload(sizes[i], i), sctp::MessageKind::binary);
    server.send(from_server, payload(sizes[i], 100 + i), sctp::MessageKind::binary);
  }
  client.send(from_server, "text on the server's channel");
  REQUIRE(stack.run_until([&] {
    return stack.server().all<sctp::MessageReceived>().size() == sizes.size() + 1 &&
           stack.client().all<sctp::MessageReceived>().size() == sizes.size();
  }));
  const auto at_server = stack.server().all<sctp::MessageReceived>();
  const auto at_client = stack.client().all<sctp::MessageReceived>();
  std::size_t next_binary = 0;
  for (const auto& m : at_server) {
    if (m.id == from_server) {
      CHECK(to_string(m.data) == "text on the server's channel");
      continue;
    }
    CHECK(m.data == payload(sizes[next_binary], next_binary));
    ++next_binary;
  }
  for (std::size_t i = 0; i < sizes.size(); ++i)
    CHECK(at_client[i].data == payload(sizes[i], 100 + i));

  // Close from the server side; the client sees it.
  server.close_channel(from_client);
  REQUIRE(stack.run_until([&] {
    return client.channel(from_client) == nullptr && server.channel(from_client) == nullptr;
  }));
  CHECK(client.channel(from_server)->state() == sctp::ChannelState::open);

  // RFC 8261: SCTP packets are sized so that the DTLS record carrying one fits 1200 bytes.
  CHECK(stack.client().largest_datagram <= 1200);
  CHECK(stack.server().largest_datagram <= 1200);
}
