// Two sctp::Associations carried over two dtls::Transports (RFC 8261), on the simulated network
// with its fake clock: the stack a PeerConnection builds between ICE and the data channels.
//
// This binary links lucid_test_fake_wall_clock (support/fake_wall_clock.h): gettimeofday()
// follows the network's clock, so OpenSSL's retransmission timer does, and usrsctp, which reads
// gettimeofday() too (RTT samples, what a T3-rtx timeout resends), sees the same time.
#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>

#include "common/random.h"
#include "dtls/dtls.h"
#include "sctp/sctp.h"
#include "support/sim_network.h"
#include "test_util.h"

using namespace lucid;
using namespace lucid::sctp::test;

namespace {

// One end: DTLS below, SCTP above once DTLS is connected.
struct End {
  dtls::Transport dtls;
  SocketAddress address;
  std::unique_ptr<sctp::Association> sctp;
  std::vector<sctp::Event> events;
  std::size_t largest_datagram = 0;

  End(dtls::Role role, dtls::Certificate certificate, SocketAddress at)
      : dtls(role, std::move(certificate)), address(at) {}

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
  // 10 ms apart, losing `loss` of the datagrams. usrsctp's one clock does not go back, so the
  // run starts where the last one in this process stopped.
  explicit Stack(double loss) : net_(42, lucid::test::SimClock::after_last_run()) {
    client_ =
        std::make_unique<End>(dtls::Role::Client, dtls::Certificate::generate(random_, "client"),
                              *SocketAddress::parse("192.0.2.1:5000"));
    server_ =
        std::make_unique<End>(dtls::Role::Server, dtls::Certificate::generate(random_, "server"),
                              *SocketAddress::parse("192.0.2.2:5000"));
    client_->dtls.set_remote_fingerprints({server_->dtls.local_fingerprint()});
    server_->dtls.set_remote_fingerprints({client_->dtls.local_fingerprint()});
    net_.add_host(client_->address.ip);
    net_.add_host(server_->address.ip);
    net_.everywhere.delay = std::chrono::milliseconds(10);
    net_.everywhere.loss = loss;
    client_->dtls.start(now());
    server_->dtls.start(now());
  }

  End& client() { return *client_; }
  End& server() { return *server_; }

  bool run_until(const std::function<bool()>& done, Duration limit = std::chrono::seconds(120)) {
    const Timestamp end = now() + limit;
    while (!done()) {
      if (now() >= end) return false;
      step();
    }
    return true;
  }

 private:
  Timestamp now() const { return net_.now(); }

  // DTLS connected → start SCTP with the role DTLS gave us (RFC 8832 §6: stream id parity).
  void pump(End& end, End& other) {
    while (auto e = end.dtls.poll_event()) {
      if (std::holds_alternative<dtls::Connected>(*e) && !end.sctp) {
        sctp::AssociationConfig config;
        config.role =
            end.dtls.role() == dtls::Role::Client ? sctp::Role::Client : sctp::Role::Server;
        config.remote_max_message_size = 262144;
        end.sctp = std::make_unique<sctp::Association>(config, now());
      } else if (auto* data = std::get_if<dtls::ApplicationData>(&*e); data && end.sctp) {
        end.sctp->handle_input(data->data, now());
      }
    }
    if (end.sctp) {
      while (auto packet = end.sctp->poll_transmit()) REQUIRE(end.dtls.send(*packet).ok());
      while (auto event = end.sctp->poll_event()) end.events.push_back(std::move(*event));
    }
    while (auto datagram = end.dtls.poll_transmit()) {
      end.largest_datagram = std::max(end.largest_datagram, datagram->size());
      net_.send(end.address, other.address, std::move(*datagram));
    }
  }

  void step() {
    pump(*client_, *server_);
    pump(*server_, *client_);
    Timestamp next = now() + std::chrono::seconds(1);
    if (auto t = net_.next_arrival()) next = std::min(next, *t);
    for (End* end : {client_.get(), server_.get()}) {
      if (auto t = end->dtls.poll_timeout()) next = std::min(next, *t);
      if (end->sctp)
        if (auto t = end->sctp->poll_timeout()) next = std::min(next, *t);
    }
    net_.advance_to(next);
    while (auto d = net_.pop_arrival())
      (d->to == client_->address ? *client_ : *server_).dtls.handle_input(d->data, now());
    for (End* end : {client_.get(), server_.get()}) {
      if (auto t = end->dtls.poll_timeout(); t && *t <= now()) end->dtls.handle_timeout(now());
      if (end->sctp)
        if (auto t = end->sctp->poll_timeout(); t && *t <= now()) end->sctp->handle_timeout(now());
    }
    pump(*client_, *server_);
    pump(*server_, *client_);
  }

  SeededRandom random_{42};  // the certificates
  lucid::test::SimNetwork net_;
  std::unique_ptr<End> client_;
  std::unique_ptr<End> server_;
};

bool up(const End& end) {
  return end.sctp && end.sctp->state() == sctp::AssociationState::Established;
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
    client.send(from_client, payload(sizes[i], i), sctp::MessageKind::Binary);
    server.send(from_server, payload(sizes[i], 100 + i), sctp::MessageKind::Binary);
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
  CHECK(client.channel(from_server)->opened());
  CHECK_FALSE(client.channel(from_server)->closing());

  // RFC 8261: SCTP packets are sized so that the DTLS record carrying one fits 1200 bytes.
  CHECK(stack.client().largest_datagram <= 1200);
  CHECK(stack.server().largest_datagram <= 1200);
}
