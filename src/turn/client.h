// turn::Client — one allocation on a TURN server, sans-IO (RFC 8656 over UDP).
//
// The client asks the server for a relayed transport address (Allocate), keeps it alive
// (Refresh), opens it to the peers it talks to (CreatePermission), and carries data to and from
// them: in Send and Data indications at first, in 4-byte ChannelData frames once a channel is
// bound (ChannelBind). Every request uses the long-term credentials of RFC 8489 §9.2 and is a
// stun::ClientTransaction with its RTO schedule; every failure is a state or an event.
//
//   Client client(server, {.username = "user", .password = "pass"}, random);
//   client.allocate(now);                       -> Allocate, 401, Allocate again, success
//   ... AllocatedEvent{relayed, mapped, lifetime}
//   client.create_permission(peer.ip, now);     -> CreatePermission, refreshed every 4 min
//   client.send(peer, data);                    -> Send indication (or ChannelData once bound)
//   client.bind_channel(peer, now);             -> ChannelBind 0x4000, refreshed every 9 min
//   auto got = client.handle_input(datagram_from_server, now);   -> {peer, data} from the relay
//   client.close(now);                          -> Refresh with LIFETIME 0, then Closed
//
// The caller owns the socket: it sends everything poll_transmit() gives to the server address
// from one local socket, feeds every datagram from the server on that socket to handle_input(),
// and calls handle_timeout() when poll_timeout() says so.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/address.h"
#include "common/bytes.h"
#include "common/random.h"
#include "common/sans_io.h"
#include "common/time.h"
#include "stun/credentials.h"
#include "stun/message.h"
#include "stun/transaction.h"
#include "turn/channel_data.h"

namespace lucid::turn {

struct ClientConfig {
  // The long-term credentials (RFC 8489 §9.2) for the server; RTCIceServer's username/credential.
  std::string username;
  std::string password;
  // Sent as SOFTWARE in every request when not empty.
  std::string software = "lucid";
  // LIFETIME asked for in Allocate, in seconds; none: the server's default (600 s, RFC 8656 §7.2).
  std::optional<std::uint32_t> requested_lifetime;
  // The retransmission schedule of every request (RFC 8489 §6.2.1: RTO 500 ms, Rc 7, Rm 16;
  // an unanswered Allocate fails after 39.5 s).
  stun::TransactionConfig transaction;
  // Refresh this long before the allocation expires (RFC 8656 §8 leaves it to the client;
  // with a lifetime no longer than the margin, at half the lifetime).
  Duration refresh_margin = std::chrono::seconds(60);
  // RFC 8656 §9: a permission lasts 300 s; lucid refreshes it after 240 s.
  Duration permission_refresh = std::chrono::seconds(240);
  // RFC 8656 §12: a channel binding lasts 600 s; lucid refreshes it after 540 s.
  Duration channel_refresh = std::chrono::seconds(540);
  // Shown before every trace line of this client ("a: allocated relay ..."); empty for none.
  std::string name;
};

// The allocation's life.
enum class State : std::uint8_t {
  New,           // allocate() not called yet
  Allocating,    // Allocate sent (maybe answered with 401 or 438 and sent again)
  Allocated,     // the relayed address is ours; refreshes keep it
  Failed,        // the allocation was refused, unanswered, lost (437) or expired
  Deallocating,  // close(): Refresh with LIFETIME 0 sent
  Closed,        // deallocated (or closed before it was allocated)
};
const char* to_string(State state);

// RFC 8656 §12: how long a permission and a channel binding live on the server.
inline constexpr Duration kPermissionLifetime = std::chrono::seconds(300);
inline constexpr Duration kChannelLifetime = std::chrono::seconds(600);

// Events, drained with poll_event().
struct AllocatedEvent {  // the relayed candidate exists
  SocketAddress relayed;                // XOR-RELAYED-ADDRESS: where peers reach us
  std::optional<SocketAddress> mapped;  // XOR-MAPPED-ADDRESS: us as the server sees us
  std::uint32_t lifetime = 0;           // seconds
};
struct AllocationFailedEvent {  // state Failed: the allocation is unusable
  std::uint16_t code = 0;       // the server's error code; 0 when it never answered
  std::string reason;           // "Unauthorized", "no response after 7 requests over 39500 ms"
};
struct PermissionCreatedEvent {  // the relay now passes data from/to this peer's IP
  IpAddress peer;
};
struct PermissionFailedEvent {
  IpAddress peer;
  std::uint16_t code = 0;  // 0: no answer
  std::string reason;
};
struct ChannelBoundEvent {  // data to/from `peer` now goes in ChannelData on `channel`
  std::uint16_t channel = 0;
  SocketAddress peer;
};
struct ChannelBindFailedEvent {
  std::uint16_t channel = 0;
  SocketAddress peer;
  std::uint16_t code = 0;
  std::string reason;
};
struct ClosedEvent {};  // deallocated after close()
using Event = std::variant<AllocatedEvent, AllocationFailedEvent, PermissionCreatedEvent,
                           PermissionFailedEvent, ChannelBoundEvent, ChannelBindFailedEvent,
                           ClosedEvent>;

// What handle_input() hands back: data a peer sent to our relayed address, unwrapped from a
// Data indication or ChannelData. `data` points into the datagram given to handle_input().
struct Received {
  SocketAddress peer;
  BytesView data;
  bool via_channel = false;  // ChannelData (true) or a Data indication (false)
};

class Client {
 public:
  // `random` must outlive the client (transaction ids).
  Client(SocketAddress server, ClientConfig config, Random& random);

  // Starts the allocation (RFC 8656 §7.1). Only in state New.
  void allocate(Timestamp now);
  // Asks the relay to accept data from and to `peer` (RFC 8656 §9), kept refreshed until
  // close(). Before the allocation exists it is remembered and sent once allocated; once the
  // allocation has failed or is closing, ignored.
  void create_permission(const IpAddress& peer, Timestamp now);
  // Binds the next free channel to `peer` (RFC 8656 §12.1), kept refreshed; also installs the
  // permission for its IP. Returns the channel number, or nullopt when all 4096 are taken (or
  // the allocation has failed or is closing).
  std::optional<std::uint16_t> bind_channel(const SocketAddress& peer, Timestamp now);
  // Sends `data` to `peer` through the relay: ChannelData when a channel is bound to it, else a
  // Send indication (RFC 8656 §11.1). False, sending nothing, unless the allocation is Allocated
  // and a permission for the peer's IP was asked for (create_permission or bind_channel; the
  // relay drops what arrives before the permission is installed, as UDP may). Needs no `now`:
  // an indication is not a transaction, so ICE can send through it like through a socket.
  bool send(const SocketAddress& peer, BytesView data);
  // Deletes the allocation (RFC 8656 §8: Refresh with LIFETIME 0); state Closed when the server
  // answers or the request times out. Before allocation: Closed at once.
  void close(Timestamp now);

  // ---- sans-IO ----
  // A datagram from the server. STUN responses go to their transaction; a Data indication or
  // ChannelData from a peer with a permission (or channel) comes back as Received. Anything
  // else, malformed or unauthentic input included, is dropped with a line in the `turn` trace.
  std::optional<Received> handle_input(BytesView datagram, Timestamp now);
  // The next datagram to send to the server.
  std::optional<Bytes> poll_transmit();
  std::optional<Event> poll_event();
  std::optional<Timestamp> poll_timeout() const;
  void handle_timeout(Timestamp now);

  // ---- what it knows ----
  State state() const { return state_; }
  const SocketAddress& server() const { return server_; }
  const std::optional<SocketAddress>& relayed_address() const { return relayed_; }
  const std::optional<SocketAddress>& mapped_address() const { return mapped_; }
  // When the allocation expires unless refreshed (state Allocated).
  std::optional<Timestamp> expires_at() const;
  bool has_permission(const IpAddress& peer) const;  // installed on the server
  std::optional<std::uint16_t> channel_for(const SocketAddress& peer) const;  // bound

 private:
  enum class Kind : std::uint8_t { Allocate, Refresh, CreatePermission, ChannelBind, Deallocate };
  // A request in flight. `request` is what was built, before credentials, so that a 401 or 438
  // can send it again with new ones under a new transaction id (RFC 8489 §9.2.5).
  struct Pending {
    Kind kind;
    stun::Message request;
    stun::ClientTransaction transaction;
    IpAddress peer_ip;       // CreatePermission
    SocketAddress peer;      // ChannelBind
    std::uint16_t channel = 0;
  };
  struct Permission {
    bool installed = false;
    bool in_flight = false;
    Timestamp refresh_at{};
    Timestamp expires_at{};
  };
  struct Channel {
    std::uint16_t number = 0;
    bool bound = false;
    bool in_flight = false;
    Timestamp refresh_at{};
    Timestamp expires_at{};
  };

  // client.cpp
  // Whether commands still mean something (New, Allocating, Allocated); traced when not.
  bool usable() const;
  void start(Kind kind, stun::Message request, Timestamp now, IpAddress peer_ip = {},
             SocketAddress peer = {}, std::uint16_t channel = 0);
  void send_create_permission(const IpAddress& peer, Timestamp now);
  void send_channel_bind(const SocketAddress& peer, const Channel& channel, Timestamp now);
  void send_refresh(std::uint32_t lifetime_or_default, bool deallocate, Timestamp now);
  void fail_allocation(std::uint16_t code, const std::string& reason);
  std::optional<Received> handle_stun(BytesView datagram, Timestamp now);
  std::optional<Received> handle_channel_data(BytesView datagram);
  std::optional<Received> handle_data_indication(const stun::Message& message, BytesView datagram);

  // responses.cpp: one function per request kind, for a response or a time-out (no response).
  void on_response(Pending pending, const stun::Message* response, Timestamp now);
  bool retry_with_new_nonce(Pending& pending, const stun::Message& response, Timestamp now);
  void on_allocate(const stun::Message* response, const std::string& timeout, Timestamp now);
  void on_refresh(const stun::Message* response, const std::string& timeout, Timestamp now);
  void on_deallocate(const stun::Message* response);
  void on_create_permission(const Pending& pending, const stun::Message* response,
                            const std::string& timeout, Timestamp now);
  void on_channel_bind(const Pending& pending, const stun::Message* response,
                       const std::string& timeout, Timestamp now);
  void schedule_refresh(std::uint32_t lifetime, Timestamp now);
  void set_state(State state, const std::string& why);

  SocketAddress server_;
  ClientConfig config_;
  Random* random_;
  stun::LongTermClient auth_;
  State state_ = State::New;
  std::optional<SocketAddress> relayed_;
  std::optional<SocketAddress> mapped_;
  Timestamp refresh_at_{};
  Timestamp expires_at_{};
  bool refresh_in_flight_ = false;
  std::map<IpAddress, Permission> permissions_;
  std::map<SocketAddress, Channel> channels_;
  std::uint16_t next_channel_ = kFirstChannel;
  std::vector<Pending> pending_;
  std::deque<Bytes> out_;  // indications and ChannelData, sent before requests' (re)transmissions
  std::deque<Event> events_;
};

static_assert(SansIo<Client, BytesView, Bytes>);

}  // namespace lucid::turn
