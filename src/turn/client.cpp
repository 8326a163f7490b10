// turn::Client: building requests, the timers, and what comes in from the server. What each
// response means is in responses.cpp.
#include "turn/client.h"

#include <algorithm>
#include <stdexcept>

#include "stun/integrity.h"
#include "turn/trace_line.h"

namespace lucid::turn {

using detail::hex16;

const char* to_string(State state) {
  switch (state) {
    case State::New: return "new";
    case State::Allocating: return "allocating";
    case State::Allocated: return "allocated";
    case State::Failed: return "failed";
    case State::Deallocating: return "deallocating";
    case State::Closed: return "closed";
  }
  return "?";
}

Client::Client(SocketAddress server, ClientConfig config, Random& random)
    : server_(server),
      config_(std::move(config)),
      random_(&random),
      auth_(config_.username, config_.password) {}

void Client::set_state(State state, const std::string& why) {
  if (state == state_) return;
  TURN_TRACE("allocation ", to_string(state_), " -> ", to_string(state), ": ", why);
  state_ = state;
}

std::optional<Timestamp> Client::expires_at() const {
  if (state_ != State::Allocated) return std::nullopt;
  return expires_at_;
}

bool Client::has_permission(const IpAddress& peer) const {
  auto it = permissions_.find(peer);
  return it != permissions_.end() && it->second.installed;
}

std::optional<std::uint16_t> Client::channel_for(const SocketAddress& peer) const {
  auto it = channels_.find(peer);
  if (it == channels_.end() || !it->second.bound) return std::nullopt;
  return it->second.number;
}

// ---- requests ----

void Client::start(Kind kind, stun::Message request, Timestamp now, IpAddress peer_ip,
                   SocketAddress peer, std::uint16_t channel) {
  // The request as sent: what was built, then SOFTWARE, then the long-term credentials
  // (USERNAME, REALM, NONCE and, from an RFC 8489 server, PASSWORD-ALGORITHMS/-ALGORITHM),
  // then MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT computed by encode().
  stun::Message wire = request;
  if (!config_.software.empty()) wire.add(stun::Software{config_.software});
  auth_.add_credentials(wire);
  stun::EncodeOptions options = auth_.encode_options();
  options.fingerprint = true;
  stun::ClientTransaction transaction(stun::encode(wire, options), wire.transaction_id(), now,
                                      config_.transaction);
  TURN_TRACE("sending ", stun::method_name(request.method()), " request ",
             stun::to_hex(request.transaction_id()), " to ", server_.to_string(),
             auth_.has_credentials() ? " with credentials" : " without credentials");
  pending_.push_back(Pending{kind, std::move(request), std::move(transaction), peer_ip, peer, channel});
}

void Client::allocate(Timestamp now) {
  if (state_ != State::New) throw std::logic_error("turn::Client::allocate called twice");
  // RFC 8656 §7.1: Allocate with REQUESTED-TRANSPORT UDP (the relay-to-peer protocol), and
  // LIFETIME if we want other than the default. The first one carries no credentials: the
  // server answers 401 with its REALM and NONCE (RFC 8489 §9.2.3).
  stun::Message request = stun::Message::request(stun::Method::Allocate, *random_);
  request.add(stun::RequestedTransport{stun::RequestedTransport::kUdp});
  if (config_.requested_lifetime) request.add(stun::Lifetime{*config_.requested_lifetime});
  set_state(State::Allocating, "Allocate sent to " + server_.to_string());
  start(Kind::Allocate, std::move(request), now);
}

void Client::send_refresh(std::uint32_t lifetime, bool deallocate, Timestamp now) {
  // RFC 8656 §8: Refresh, with LIFETIME 0 to delete the allocation, or the lifetime wanted.
  stun::Message request = stun::Message::request(stun::Method::Refresh, *random_);
  if (deallocate)
    request.add(stun::Lifetime{0});
  else if (lifetime != 0)
    request.add(stun::Lifetime{lifetime});
  start(deallocate ? Kind::Deallocate : Kind::Refresh, std::move(request), now);
}

void Client::send_create_permission(const IpAddress& peer, Timestamp now) {
  // RFC 8656 §10.1: one XOR-PEER-ADDRESS; only its IP matters, the port is ignored by the server.
  stun::Message request = stun::Message::request(stun::Method::CreatePermission, *random_);
  request.add(stun::XorPeerAddress{SocketAddress{peer, 0}});
  permissions_[peer].in_flight = true;
  start(Kind::CreatePermission, std::move(request), now, peer);
}

void Client::send_channel_bind(const SocketAddress& peer, const Channel& channel, Timestamp now) {
  // RFC 8656 §12.1: CHANNEL-NUMBER and XOR-PEER-ADDRESS; the same pair again refreshes it.
  stun::Message request = stun::Message::request(stun::Method::ChannelBind, *random_);
  request.add(stun::ChannelNumber{channel.number});
  request.add(stun::XorPeerAddress{peer});
  channels_[peer].in_flight = true;
  start(Kind::ChannelBind, std::move(request), now, peer.ip, peer, channel.number);
}

bool Client::usable() const {
  if (state_ == State::New || state_ == State::Allocating || state_ == State::Allocated) return true;
  TURN_TRACE("ignored: the allocation is ", to_string(state_));
  return false;
}

void Client::create_permission(const IpAddress& peer, Timestamp now) {
  if (!usable()) return;
  if (permissions_.count(peer)) return;  // already there or on its way; refreshed on its own
  permissions_[peer] = Permission{};
  if (state_ == State::Allocated) {
    send_create_permission(peer, now);
  } else {
    TURN_TRACE("permission for ", peer.to_string(), " will be created once allocated");
  }
}

std::optional<std::uint16_t> Client::bind_channel(const SocketAddress& peer, Timestamp now) {
  if (!usable()) return std::nullopt;
  if (auto it = channels_.find(peer); it != channels_.end()) return it->second.number;
  // Numbers are never reused within one allocation: RFC 8656 §12 forbids rebinding a number to
  // another peer until its old binding has expired, and 4096 are plenty for one connection.
  if (next_channel_ > kLastChannel) {
    TURN_TRACE("no channel left for ", peer.to_string(), ": all of 0x4000-0x4fff were used");
    return std::nullopt;
  }
  Channel channel;
  channel.number = next_channel_++;
  channels_[peer] = channel;
  if (state_ == State::Allocated) {
    send_channel_bind(peer, channel, now);
  } else {
    TURN_TRACE("channel ", hex16(channel.number), " for ", peer.to_string(),
               " will be bound once allocated");
  }
  return channel.number;
}

bool Client::send(const SocketAddress& peer, BytesView data) {
  if (state_ != State::Allocated) return false;
  if (auto channel = channel_for(peer)) {
    // RFC 8656 §12.5: over UDP no padding is needed.
    out_.push_back(encode_channel_data(*channel, data));
    return true;
  }
  // RFC 8656 §9: the relay forwards nothing to a peer without a permission.
  if (!permissions_.count(peer.ip) && !channels_.count(peer)) {
    TURN_TRACE("not sending to ", peer.to_string(), ": no permission was asked for its address");
    return false;
  }
  // RFC 8656 §11.1: a Send indication, XOR-PEER-ADDRESS and DATA; indications are not
  // authenticated (and are never retransmitted).
  stun::Message indication(stun::Method::Send, stun::MessageClass::Indication,
                           stun::random_transaction_id(*random_));
  indication.add(stun::XorPeerAddress{peer});
  indication.add(stun::Data{Bytes(data.begin(), data.end())});
  out_.push_back(stun::encode(indication));
  return true;
}

void Client::close(Timestamp now) {
  if (state_ == State::Closed || state_ == State::Deallocating) return;
  const bool allocated = state_ == State::Allocated;
  pending_.clear();
  permissions_.clear();
  channels_.clear();
  if (!allocated) {
    set_state(State::Closed, "closed with no allocation to delete");
    return;
  }
  set_state(State::Deallocating, "Refresh with LIFETIME 0 deletes the allocation");
  send_refresh(0, true, now);
}

void Client::fail_allocation(std::uint16_t code, const std::string& reason) {
  set_state(State::Failed, code ? std::to_string(code) + " " + reason : reason);
  pending_.clear();
  permissions_.clear();
  channels_.clear();
  events_.push_back(AllocationFailedEvent{code, reason});
}

// ---- sans-IO ----

std::optional<Bytes> Client::poll_transmit() {
  if (!out_.empty()) {
    Bytes datagram = std::move(out_.front());
    out_.pop_front();
    return datagram;
  }
  for (Pending& p : pending_)
    if (auto datagram = p.transaction.poll_transmit()) return datagram;
  return std::nullopt;
}

std::optional<Event> Client::poll_event() {
  if (events_.empty()) return std::nullopt;
  Event event = std::move(events_.front());
  events_.pop_front();
  return event;
}

std::optional<Timestamp> Client::poll_timeout() const {
  std::optional<Timestamp> next;
  auto consider = [&](Timestamp t) {
    if (!next || t < *next) next = t;
  };
  for (const Pending& p : pending_)
    if (auto t = p.transaction.poll_timeout()) consider(*t);
  if (state_ == State::Allocated) {
    if (!refresh_in_flight_) consider(refresh_at_);
    consider(expires_at_);
    for (const auto& [ip, p] : permissions_)
      if (p.installed) consider(p.in_flight ? p.expires_at : std::min(p.refresh_at, p.expires_at));
    for (const auto& [peer, c] : channels_)
      if (c.bound) consider(c.in_flight ? c.expires_at : std::min(c.refresh_at, c.expires_at));
  }
  return next;
}

void Client::handle_timeout(Timestamp now) {
  // Requests first: a retransmission is due, or a transaction gave up (RFC 8489 §6.2.1).
  std::vector<Pending> timed_out;
  for (auto it = pending_.begin(); it != pending_.end();) {
    it->transaction.handle_timeout(now);
    if (it->transaction.state() == stun::ClientTransaction::State::TimedOut) {
      timed_out.push_back(std::move(*it));
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
  for (Pending& p : timed_out) on_response(std::move(p), nullptr, now);
  if (state_ != State::Allocated) return;

  if (now >= expires_at_) {
    fail_allocation(0, "allocation expired: no successful Refresh within its lifetime");
    return;
  }
  if (!refresh_in_flight_ && now >= refresh_at_) {
    TURN_TRACE("refreshing the allocation, ", to_ms(expires_at_) - to_ms(now),
               " ms before it expires");
    refresh_in_flight_ = true;
    send_refresh(config_.requested_lifetime.value_or(0), false, now);
  }
  for (auto it = permissions_.begin(); it != permissions_.end();) {
    Permission& p = it->second;
    if (p.installed && now >= p.expires_at) {
      TURN_TRACE("permission for ", it->first.to_string(), " expired");
      it = permissions_.erase(it);
      continue;
    }
    if (p.installed && !p.in_flight && now >= p.refresh_at) {
      TURN_TRACE("refreshing the permission for ", it->first.to_string());
      send_create_permission(it->first, now);
    }
    ++it;
  }
  for (auto it = channels_.begin(); it != channels_.end();) {
    Channel& c = it->second;
    if (c.bound && now >= c.expires_at) {
      TURN_TRACE("channel ", hex16(c.number), " to ", it->first.to_string(), " expired");
      it = channels_.erase(it);
      continue;
    }
    if (c.bound && !c.in_flight && now >= c.refresh_at) {
      TURN_TRACE("refreshing channel ", hex16(c.number), " to ", it->first.to_string());
      send_channel_bind(it->first, c, now);
    }
    ++it;
  }
}

std::optional<Received> Client::handle_input(BytesView datagram, Timestamp now) {
  if (datagram.empty()) {
    TURN_TRACE("dropped an empty datagram from the server");
    return std::nullopt;
  }
  // RFC 8656 §12 / RFC 7983 §7: 0-3 is STUN, 64-79 ChannelData; nothing else comes from a server.
  if (datagram[0] <= 3) return handle_stun(datagram, now);
  if (datagram[0] >= 64 && datagram[0] <= 79) return handle_channel_data(datagram);
  TURN_TRACE("dropped a datagram of ", datagram.size(), " bytes from the server: first byte ",
             int{datagram[0]}, " is neither STUN nor ChannelData");
  return std::nullopt;
}

std::optional<Received> Client::handle_channel_data(BytesView datagram) {
  auto frame = parse_channel_data(datagram);
  if (!frame) {
    TURN_TRACE("dropped malformed ChannelData: ", frame.error().message());
    return std::nullopt;
  }
  for (const auto& [peer, c] : channels_)
    if (c.bound && c.number == frame->channel) return Received{peer, frame->data, true};
  TURN_TRACE("dropped ChannelData on channel ", hex16(frame->channel), ": no such channel is bound");
  return std::nullopt;
}

std::optional<Received> Client::handle_data_indication(const stun::Message& message,
                                                       BytesView datagram) {
  // RFC 8656 §11.4: XOR-PEER-ADDRESS and DATA must be there; data from a peer we gave no
  // permission is discarded (the server should not have relayed it).
  const auto* peer = message.get<stun::XorPeerAddress>();
  if (peer == nullptr || !message.has<stun::Data>()) {
    TURN_TRACE("dropped a Data indication without XOR-PEER-ADDRESS or DATA");
    return std::nullopt;
  }
  if (!has_permission(peer->address.ip)) {
    TURN_TRACE("dropped a Data indication from ", peer->address.to_string(),
               ": no permission for that peer");
    return std::nullopt;
  }
  // Hand back a view into the datagram, not the copy the parsed message holds: the DATA value
  // starts 4 bytes after its attribute header.
  for (std::size_t i = 0; i < message.attributes().size(); ++i) {
    if (const auto* data = std::get_if<stun::Data>(&message.attributes()[i])) {
      const std::size_t offset = message.raw_offsets()[i] + 4;
      return Received{peer->address, datagram.subspan(offset, data->value.size()), false};
    }
  }
  return std::nullopt;
}

std::optional<Received> Client::handle_stun(BytesView datagram, Timestamp now) {
  auto parsed = stun::parse(datagram);
  if (!parsed) {
    TURN_TRACE("dropped a malformed STUN message from the server: ", parsed.error().message());
    return std::nullopt;
  }
  const stun::Message& message = *parsed;
  if (message.message_class() == stun::MessageClass::Indication &&
      message.method() == stun::Method::Data)
    return handle_data_indication(message, datagram);
  if (!message.is_response()) {
    TURN_TRACE("dropped a ", stun::method_name(message.method()), " ",
               stun::class_name(message.message_class()), " from the server: a client only takes ",
               "responses and Data indications");
    return std::nullopt;
  }
  auto it = std::find_if(pending_.begin(), pending_.end(), [&](const Pending& p) {
    return p.transaction.id() == message.transaction_id();
  });
  if (it == pending_.end()) {
    TURN_TRACE("dropped a ", stun::method_name(message.method()), " ",
               stun::class_name(message.message_class()), " ", stun::to_hex(message.transaction_id()),
               ": no request of ours is waiting for it");
    return std::nullopt;
  }
  if (message.method() != it->request.method()) {
    TURN_TRACE("dropped a ", stun::method_name(message.method()), " response to our ",
               stun::method_name(it->request.method()), " request");
    return std::nullopt;
  }
  // RFC 8489 §9.2.5: a response to a request that carried credentials must prove the server
  // knows the key too; one that does not is discarded as if it never came (the transaction
  // keeps waiting). Error responses without integrity are taken: 401 and 438 carry none.
  if (auth_.has_credentials()) {
    if (stun::has_integrity(message)) {
      if (auto ok = stun::verify_integrity(message, auth_.key()); !ok) {
        TURN_TRACE("dropped a ", stun::method_name(message.method()), " ",
                   stun::class_name(message.message_class()), ": ", ok.error().what);
        return std::nullopt;
      }
    } else if (message.message_class() == stun::MessageClass::SuccessResponse) {
      TURN_TRACE("dropped a ", stun::method_name(message.method()),
                 " success response without MESSAGE-INTEGRITY");
      return std::nullopt;
    }
  }
  it->transaction.handle_response(message, now);
  Pending pending = std::move(*it);
  pending_.erase(it);
  on_response(std::move(pending), &message, now);
  return std::nullopt;
}

}  // namespace lucid::turn
