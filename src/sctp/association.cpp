// Association: the usrsctp socket and the sans-IO plumbing around it.
#include "sctp/association.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <usrsctp.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "common/trace.h"
#include "sctp/packet_summary.h"
#include "sctp/usrsctp_library.h"

namespace lucid::sctp {
namespace {

// RFC 8261 (path MTU considerations): SCTP inside DTLS gets no ICMP feedback, so lucid fixes
// the packet size. Every datagram stays within 1200 bytes (the figure ICE and DTLS use too): a
// DTLS 1.2 AES-GCM record adds 37 bytes (13 header, 8 explicit nonce, 16 tag), leaving 1163
// bytes for the SCTP packet. usrsctp's AF_CONN "path MTU" leaves out the 12-byte common header
// (packets reach MTU + 12; tests/sctp/over_dtls_test.cpp checks the datagrams), hence 1163 - 12.
constexpr std::uint32_t kPathMtu = 1151;

template <typename T>
void set_option(struct socket* s, int level, int name, const T& value, const char* what) {
  if (usrsctp_setsockopt(s, level, name, &value, sizeof(value)) != 0)
    throw std::runtime_error(std::string("usrsctp: cannot set ") + what + ": " +
                             std::strerror(errno));
}

struct sockaddr_conn conn_address(void* address, std::uint16_t port) {
  struct sockaddr_conn a {};
  a.sconn_family = AF_CONN;
  a.sconn_port = htons(port);
  a.sconn_addr = address;
  return a;
}

}  // namespace

const char* to_string(AssociationState state) {
  switch (state) {
    case AssociationState::Connecting:
      return "connecting";
    case AssociationState::Established:
      return "established";
    case AssociationState::Closed:
      return "closed";
  }
  return "unknown";
}

Association::Association(const AssociationConfig& config, Timestamp now)
    : config_(config), library_(UsrsctpLibrary::acquire()) {
  auto lock = library_->lock();
  library_->advance_to(now);
  library_->register_association(this, this);
  try {
    open_socket();
  } catch (...) {
    if (socket_ != nullptr) usrsctp_close(socket_);
    library_->deregister_association(this);
    throw;
  }
}

void Association::open_socket() {
  // One-to-one style socket (SOCK_STREAM) on AF_CONN: usrsctp hands packets to our output
  // callback instead of an IP socket. No receive callback: we pull with usrsctp_recvv.
  socket_ = usrsctp_socket(AF_CONN, SOCK_STREAM, IPPROTO_SCTP, nullptr, nullptr, 0, nullptr);
  if (socket_ == nullptr)
    throw std::runtime_error(std::string("usrsctp_socket: ") + std::strerror(errno));
  if (usrsctp_set_non_blocking(socket_, 1) != 0)
    throw std::runtime_error("usrsctp: cannot make the socket non-blocking");

  // Closing sends ABORT at once instead of lingering in SHUTDOWN (the DTLS below closes too).
  const struct linger abort_on_close { 1, 0 };
  set_option(socket_, SOL_SOCKET, SO_LINGER, abort_on_close, "SO_LINGER");
  set_option(socket_, SOL_SOCKET, SO_SNDBUF, static_cast<int>(kSocketBuffer), "SO_SNDBUF");
  set_option(socket_, SOL_SOCKET, SO_RCVBUF, static_cast<int>(kSocketBuffer), "SO_RCVBUF");

  // RFC 8831 §6.7 / RFC 6525: channels close by resetting streams.
  const struct sctp_assoc_value reset {
    SCTP_FUTURE_ASSOC, SCTP_ENABLE_RESET_STREAM_REQ | SCTP_ENABLE_CHANGE_ASSOC_REQ
  };
  set_option(socket_, IPPROTO_SCTP, SCTP_ENABLE_STREAM_RESET, reset, "SCTP_ENABLE_STREAM_RESET");
  // RFC 8831 §6.6: messages keep their boundaries; with explicit EOR a big message can be
  // handed to usrsctp in pieces, and it is complete only when the piece with SCTP_EOR is taken.
  const int on = 1;
  set_option(socket_, IPPROTO_SCTP, SCTP_EXPLICIT_EOR, on, "SCTP_EXPLICIT_EOR");
  // RFC 6458 §8.1.20, fragment interleave level 1 (usrsctp's default, made explicit): once a
  // message starts to arrive in pieces, its pieces come before any other message's, so
  // drain_receive collects one message at a time.
  const int one_message_at_a_time = 1;
  set_option(socket_, IPPROTO_SCTP, SCTP_FRAGMENT_INTERLEAVE, one_message_at_a_time,
             "SCTP_FRAGMENT_INTERLEAVE");
  // No Nagle: a data channel message goes out now, not when more data arrives.
  set_option(socket_, IPPROTO_SCTP, SCTP_NODELAY, on, "SCTP_NODELAY");
  // usrsctp_recvv tells us the stream and PPID of each message.
  set_option(socket_, IPPROTO_SCTP, SCTP_RECVRCVINFO, on, "SCTP_RECVRCVINFO");

  for (std::uint16_t type :
       {SCTP_ASSOC_CHANGE, SCTP_PEER_ADDR_CHANGE, SCTP_REMOTE_ERROR, SCTP_SHUTDOWN_EVENT,
        SCTP_PARTIAL_DELIVERY_EVENT, SCTP_STREAM_RESET_EVENT, SCTP_STREAM_CHANGE_EVENT,
        SCTP_SENDER_DRY_EVENT, SCTP_SEND_FAILED_EVENT}) {
    struct sctp_event event {};
    event.se_assoc_id = SCTP_FUTURE_ASSOC;
    event.se_type = type;
    event.se_on = 1;
    set_option(socket_, IPPROTO_SCTP, SCTP_EVENT, event, "SCTP_EVENT");
  }

  // RFC 8831 §6.2: enough streams for as many channels as the application opens.
  const auto ms = [](Duration d) {
    return static_cast<std::uint32_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
  };
  struct sctp_initmsg init {};
  init.sinit_num_ostreams = config_.streams;
  init.sinit_max_instreams = config_.streams;
  // RFC 9260 §5.1 / §15 Max.Init.Retransmits, and the ceiling of T1's doubling (usrsctp caps it
  // by the smaller of this and RTO.Max).
  init.sinit_max_attempts = static_cast<std::uint16_t>(config_.max_init_retransmits);
  init.sinit_max_init_timeo = static_cast<std::uint16_t>(ms(config_.rto_max));
  set_option(socket_, IPPROTO_SCTP, SCTP_INITMSG, init, "SCTP_INITMSG");

  // RFC 9260 §6.3.1: RTO.Initial, RTO.Max, RTO.Min for this socket's association.
  struct sctp_rtoinfo rto {};
  rto.srto_assoc_id = SCTP_FUTURE_ASSOC;
  rto.srto_initial = ms(config_.rto_initial);
  rto.srto_max = ms(config_.rto_max);
  rto.srto_min = ms(config_.rto_min);
  set_option(socket_, IPPROTO_SCTP, SCTP_RTOINFO, rto, "SCTP_RTOINFO");
  // RFC 9260 §8.1 Association.Max.Retrans (0 leaves the other fields as they are).
  struct sctp_assocparams association {};
  association.sasoc_assoc_id = SCTP_FUTURE_ASSOC;
  association.sasoc_asocmaxrxt = static_cast<std::uint16_t>(config_.max_association_retransmits);
  set_option(socket_, IPPROTO_SCTP, SCTP_ASSOCINFO, association, "SCTP_ASSOCINFO");

  struct sctp_paddrparams path {};
  path.spp_assoc_id = SCTP_FUTURE_ASSOC;
  path.spp_flags = SPP_PMTUD_DISABLE;
  path.spp_pathmtu = kPathMtu;
  if (auto* e = std::getenv("X_SCTP_PATHRTX")) path.spp_pathmaxrxt = static_cast<std::uint16_t>(std::atoi(e));
  set_option(socket_, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, path, "SCTP_PEER_ADDR_PARAMS");

  auto local = conn_address(this, config_.local_port);
  if (usrsctp_bind(socket_, reinterpret_cast<struct sockaddr*>(&local), sizeof(local)) != 0)
    throw std::runtime_error(std::string("usrsctp_bind: ") + std::strerror(errno));
  auto remote = conn_address(this, config_.remote_port);
  LUCID_TRACE(
      "sctp", "connecting from port ", config_.local_port, " to port ", config_.remote_port,
      " as DTLS ",
      config_.role == Role::Client ? "client (even stream ids)" : "server (odd stream ids)");
  if (usrsctp_connect(socket_, reinterpret_cast<struct sockaddr*>(&remote), sizeof(remote)) != 0 &&
      errno != EINPROGRESS)
    throw std::runtime_error(std::string("usrsctp_connect: ") + std::strerror(errno));
}

Association::~Association() {
  auto lock = library_->lock();
  if (socket_ != nullptr) usrsctp_close(socket_);
  socket_ = nullptr;
  library_->deregister_association(this);
}

void Association::close() {
  auto lock = library_->lock();
  if (socket_ == nullptr) return;
  usrsctp_close(socket_);  // SO_LINGER {1, 0}: ABORT, left in transmit_
  socket_ = nullptr;
  set_state(AssociationState::Closed, "closed locally");
}

void Association::queue_transmit(BytesView packet) {
  if (trace::enabled("sctp")) {
    const std::string summary = summarize_packet(packet);
    if (!summary.empty()) LUCID_TRACE("sctp", "sent ", summary);
  }
  transmit_.emplace_back(packet.begin(), packet.end());
}

void Association::handle_input(BytesView packet, Timestamp now) {
  auto lock = library_->lock();
  library_->advance_to(now);
  if (socket_ == nullptr) return;
  if (trace::enabled("sctp")) {
    const std::string summary = summarize_packet(packet);
    if (!summary.empty()) LUCID_TRACE("sctp", "received ", summary);
  }
  // usrsctp checks the CRC32c and the verification tag; a bad packet is dropped there.
  usrsctp_conninput(this, packet.data(), packet.size(), 0);
  after_usrsctp();
}

void Association::handle_timeout(Timestamp now) {
  auto lock = library_->lock();
  library_->advance_to(now);
  if (socket_ == nullptr) return;
  after_usrsctp();
}

std::optional<Timestamp> Association::poll_timeout() const {
  auto lock = library_->lock();
  if (socket_ == nullptr || state_ == AssociationState::Closed) return std::nullopt;
  // usrsctp 0.9.5 has no call that says when its next timer is due, so we wake it every tick
  // as its own timer thread would (usrsctp_library.h).
  return library_->next_tick();
}

std::optional<Bytes> Association::poll_transmit() {
  auto lock = library_->lock();
  if (transmit_.empty()) return std::nullopt;
  Bytes packet = std::move(transmit_.front());
  transmit_.pop_front();
  return packet;
}

std::optional<Event> Association::poll_event() {
  auto lock = library_->lock();
  if (events_.empty()) return std::nullopt;
  Event event = std::move(events_.front());
  events_.pop_front();
  return event;
}

void Association::after_usrsctp() {
  drain_receive();
  if (state_ == AssociationState::Established) {
    send_pending_opens();
    flush_send_queue();
    reset_closing_streams();
  }
}

void Association::set_state(AssociationState state, const std::string& why) {
  if (state_ == state) return;
  LUCID_TRACE("sctp", "association ", to_string(state_), " -> ", to_string(state), ": ", why);
  state_ = state;
  if (state == AssociationState::Closed) {
    events_.push_back(AssociationClosed{why});
    all_channels_closed();
  }
}

}  // namespace lucid::sctp
