#include "peer/sctp_transport.h"

#include <stdexcept>

#include "common/trace.h"
#include "peer/stats_builder.h"
#include "peer/signaling_state.h"

namespace lucid {

namespace {

sctp::ChannelInit to_channel_init(const DataChannel& channel) {
  sctp::ChannelInit init;
  init.label = channel.label();
  init.protocol = channel.protocol();
  init.ordered = channel.ordered();
  if (channel.max_retransmits()) init.max_retransmits = *channel.max_retransmits();
  if (channel.max_packet_life_time()) init.max_packet_life_time = *channel.max_packet_life_time();
  init.negotiated = channel.negotiated();
  init.id = channel.id();
  return init;
}

// DCEP's reliability parameter is 32 bits; W3C's maxRetransmits and maxPacketLifeTime are
// unsigned short, so a larger value from the far side is held at 65535.
std::optional<std::uint16_t> clamp16(std::optional<std::uint32_t> value) {
  if (!value) return std::nullopt;
  return static_cast<std::uint16_t>(std::min<std::uint32_t>(*value, 0xffff));
}

}  // namespace

const char* to_string(SctpTransportState state) {
  switch (state) {
    case SctpTransportState::New: return "new";
    case SctpTransportState::Connecting: return "connecting";
    case SctpTransportState::Connected: return "connected";
    case SctpTransportState::Closed: return "closed";
    case SctpTransportState::Failed: return "failed";
  }
  return "?";
}

SctpTransport::SctpTransport(std::deque<PeerConnectionEvent>& events, const std::string& name,
                             const trace::Layers& trace_layers)
    : events_(events),
      name_(name),
      trace_layers_(trace_layers),
      prefix_(name.empty() ? std::string() : name + ": ") {}

SctpTransport::~SctpTransport() {
  for (auto& channel : waiting_) detach(*channel);
  for (auto& [id, channel] : channels_) detach(*channel);
}

std::shared_ptr<DataChannel> SctpTransport::create_data_channel(const std::string& label,
                                                                const DataChannelInit& init) {
  // webrtc-pc §6.1 createDataChannel: the TypeErrors, checked before anything is made.
  if (closed_) throw InvalidStateError("createDataChannel: the connection is closed");
  if (init.max_retransmits && init.max_packet_life_time)
    throw std::invalid_argument(
        "createDataChannel: maxRetransmits and maxPacketLifeTime cannot both be set");
  if (init.negotiated && !init.id)
    throw std::invalid_argument("createDataChannel: a negotiated channel needs an id");
  if (label.size() > 0xffff || init.protocol.size() > 0xffff)
    throw std::invalid_argument("createDataChannel: label and protocol are limited to 65535 bytes");
  if (init.id && init.negotiated && channels_.count(*init.id) != 0)
    throw std::invalid_argument("createDataChannel: id " + std::to_string(*init.id) +
                                " is in use (OperationError)");
  auto channel = make_channel(label, init);
  if (state_ == SctpTransportState::Failed || state_ == SctpTransportState::Closed) {
    // Nothing can carry it any more: it closes, as a browser's channel on a dead transport does.
    set_state(*channel, DataChannelState::Closed);
    events_.push_back(DataChannelCloseEvent{channel});
  } else if (association_) {
    attach(channel);
  } else {
    LUCID_TRACE("pc", prefix_, "data channel \"", label,
                "\" waits for SCTP (it opens once DTLS is connected)");
    waiting_.push_back(channel);
  }
  return channel;
}

void SctpTransport::start(const sctp::AssociationConfig& config, Timestamp now) {
  if (association_ || closed_ || state_ == SctpTransportState::Failed) return;
  LUCID_TRACE("pc", prefix_, "DTLS is connected: starting SCTP as the ",
              config.role == sctp::Role::Client ? "client (even stream ids)"
                                                : "server (odd stream ids)",
              ", port ", config.local_port, " -> ", config.remote_port,
              ", the remote accepts messages up to ", config.remote_max_message_size, " bytes");
  try {
    association_ = std::make_unique<sctp::Association>(config, now);
  } catch (const std::exception& e) {
    // usrsctp refused the socket, the bind or the connect (a port it cannot use, say): the
    // connection hears of it as a failed state, never as an exception.
    fail(std::string("SCTP could not start: ") + e.what());
    return;
  }
  state_ = SctpTransportState::Connecting;
  std::vector<std::shared_ptr<DataChannel>> waiting;
  waiting.swap(waiting_);
  for (auto& channel : waiting) attach(channel);
  drain_events();
}

// Gives a channel to the association; it picks the id (RFC 8832 §6) unless negotiated.
void SctpTransport::attach(const std::shared_ptr<DataChannel>& channel) {
  try {
    const std::uint16_t id = association_->create_channel(to_channel_init(*channel));
    set_id(*channel, id);
    channels_[id] = channel;
    association_->set_buffered_amount_low_threshold(id, channel->buffered_amount_low_threshold());
  } catch (const std::exception& e) {
    // Only a channel made before DTLS can get here (e.g. two negotiated channels with one id):
    // the application hears of it as the browser's error then close.
    LUCID_TRACE("pc", prefix_, "data channel \"", channel->label(), "\" cannot open: ", e.what());
    set_state(*channel, DataChannelState::Closed);
    events_.push_back(DataChannelErrorEvent{channel, e.what()});
    events_.push_back(DataChannelCloseEvent{channel});
  }
}

void SctpTransport::handle_input(BytesView packet, Timestamp now) {
  if (!association_) return;
  association_->handle_input(packet, now);
  drain_events();
}

std::optional<Bytes> SctpTransport::poll_transmit() {
  if (!association_) return std::nullopt;
  auto packet = association_->poll_transmit();
  drain_events();
  return packet;
}

std::optional<Timestamp> SctpTransport::poll_timeout() const {
  return association_ ? association_->poll_timeout() : std::nullopt;
}

void SctpTransport::handle_timeout(Timestamp now) {
  if (!association_) return;
  const auto due = association_->poll_timeout();
  if (due && *due <= now) association_->handle_timeout(now);
  drain_events();
}

void SctpTransport::fail(const std::string& reason) {
  if (closed_ || state_ == SctpTransportState::Failed) return;
  LUCID_TRACE("pc", prefix_, "SCTP transport failed: ", reason);
  state_ = SctpTransportState::Failed;
  std::vector<std::shared_ptr<DataChannel>> channels;
  channels.swap(waiting_);
  for (auto& [id, channel] : channels_) channels.push_back(channel);
  channels_.clear();
  association_.reset();
  for (auto& channel : channels) {
    if (channel->ready_state() == DataChannelState::Closed) continue;
    set_state(*channel, DataChannelState::Closed);
    events_.push_back(DataChannelErrorEvent{channel, reason});
    events_.push_back(DataChannelCloseEvent{channel});
  }
}

void SctpTransport::close() {
  if (closed_) return;
  closed_ = true;
  if (state_ != SctpTransportState::Failed) state_ = SctpTransportState::Closed;
  if (association_ && association_->state() != sctp::AssociationState::Closed)
    association_->close();
  for (auto& channel : waiting_) set_state(*channel, DataChannelState::Closed);
  for (auto& [id, channel] : channels_) set_state(*channel, DataChannelState::Closed);
}

void SctpTransport::send(DataChannel& channel, BytesView data, bool binary) {
  const trace::PeerScope scope(name_, trace_layers_);  // called from DataChannel
  // The association throws for a closed channel and for a message above the remote
  // a=max-message-size (RFC 8841 §6), before anything is queued.
  association_->send(*channel.id(), data, binary ? sctp::MessageKind::Binary
                                                 : sctp::MessageKind::Text);
  MessageCounters& counted = counters(channel);
  ++counted.messages_sent;
  counted.bytes_sent += data.size();
}

std::optional<SctpTransportStats> SctpTransport::stats() const {
  if (!association_) return std::nullopt;
  const auto status = association_->status();
  if (!status) return std::nullopt;
  return SctpTransportStats{status->smoothed_round_trip_time, status->congestion_window,
                            status->receiver_window, status->mtu, status->unacked_chunks};
}

std::vector<DataChannelStats> SctpTransport::data_channel_stats() const {
  std::vector<DataChannelStats> out;
  for (const auto& channel : waiting_) out.push_back(describe_channel(*channel, counters(*channel)));
  for (const auto& [id, channel] : channels_)
    out.push_back(describe_channel(*channel, counters(*channel)));
  return out;
}

void SctpTransport::close(DataChannel& channel) {
  const trace::PeerScope scope(name_, trace_layers_);  // called from DataChannel
  if (!association_ || !channel.id() || channels_.count(*channel.id()) == 0) {
    // Never reached SCTP: nothing to reset, it is closed here and now.
    for (auto it = waiting_.begin(); it != waiting_.end(); ++it) {
      if (it->get() != &channel) continue;
      auto held = *it;
      waiting_.erase(it);
      set_state(channel, DataChannelState::Closed);
      events_.push_back(DataChannelCloseEvent{held});
      return;
    }
    set_state(channel, DataChannelState::Closed);
    return;
  }
  // RFC 8831 §6.7: closing resets the outgoing stream, after what is queued has gone.
  set_state(channel, DataChannelState::Closing);
  association_->close_channel(*channel.id());
  drain_events();
}

std::size_t SctpTransport::buffered_amount(const DataChannel& channel) const {
  if (!association_ || !channel.id()) return 0;
  const sctp::Stream* c = association_->channel(*channel.id());
  return c && channels_.count(*channel.id()) && channels_.at(*channel.id()).get() == &channel
             ? c->buffered_amount()
             : 0;
}

void SctpTransport::set_buffered_amount_low_threshold(DataChannel& channel,
                                                      std::size_t threshold) {
  const trace::PeerScope scope(name_, trace_layers_);  // called from DataChannel
  if (association_ && channel.id() && channels_.count(*channel.id()) &&
      channels_.at(*channel.id()).get() == &channel)
    association_->set_buffered_amount_low_threshold(*channel.id(), threshold);
}

void SctpTransport::drain_events() {
  while (auto event = association_->poll_event()) {
    if (auto* e = std::get_if<sctp::AssociationEstablished>(&*event)) {
      state_ = SctpTransportState::Connected;
      was_established_ = true;
      LUCID_TRACE("pc", prefix_, "SCTP is up: ", e->outbound_streams, " streams out, ",
                  e->inbound_streams, " in");
    } else if (auto* c = std::get_if<sctp::AssociationClosed>(&*event)) {
      LUCID_TRACE("pc", prefix_, "SCTP closed: ", c->reason);
      if (!was_established_) {
        // Ended before it was ever up (INIT or COOKIE-ECHO never answered, say): it never
        // worked, which is a failure, not a close; each channel hears why. fail() drops the
        // association, so nothing more is read from it here.
        fail("SCTP could not be established: " + c->reason);
        return;
      }
      state_ = SctpTransportState::Closed;
      auto channels = std::move(channels_);
      channels_.clear();
      for (auto& [id, channel] : channels) {
        if (channel->ready_state() == DataChannelState::Closed) continue;
        set_state(*channel, DataChannelState::Closed);
        if (!closed_) events_.push_back(DataChannelCloseEvent{channel});
      }
    } else if (auto* created = std::get_if<sctp::ChannelCreated>(&*event)) {
      const sctp::Stream* c = association_->channel(created->id);
      if (!c) continue;
      DataChannelInit init;
      init.ordered = c->ordered();
      init.max_retransmits = clamp16(c->max_retransmits());
      init.max_packet_life_time = clamp16(c->max_packet_life_time());
      init.protocol = c->protocol();
      auto channel = make_channel(c->label(), init);
      set_id(*channel, created->id);
      channels_[created->id] = channel;
      // webrtc-pc §6.2, when an underlying data transport is to be announced: the new channel's
      // readyState is already "open" (but its open event is not fired yet), then "datachannel"
      // fires with it. The association follows ChannelCreated with ChannelOpened at once, which
      // fires that open event next (below): Chrome and Firefox both call ondatachannel first
      // and onopen after it (w3c/webrtc-pc PR #1851).
      set_state(*channel, DataChannelState::Open);
      LUCID_TRACE("pc", prefix_, "datachannel: the peer opened \"", c->label(), "\" on stream ",
                  created->id);
      events_.push_back(DataChannelEvent{channel});
    } else if (auto* o = std::get_if<sctp::ChannelOpened>(&*event)) {
      auto it = channels_.find(o->id);
      if (it == channels_.end()) continue;
      // webrtc-pc §6.2 "announce the data channel as open": readyState "open", then the open
      // event (PeerConnection::poll_event drops it if the channel was closed before its turn).
      set_state(*it->second, DataChannelState::Open);
      events_.push_back(DataChannelOpenEvent{it->second});
    } else if (auto* m = std::get_if<sctp::MessageReceived>(&*event)) {
      auto it = channels_.find(m->id);
      if (it == channels_.end()) continue;
      // webrtc-pc §6.2, receiving messages: "If channel.[[ReadyState]] is not "open", abort
      // these steps and discard rawData" (our close() was called, or the remote's began).
      if (it->second->ready_state() != DataChannelState::Open) {
        LUCID_TRACE("pc", prefix_, "discarded a ", m->data.size(), "-byte message on \"",
                    it->second->label(), "\": the channel is ",
                    to_string(it->second->ready_state()), ", not open");
        continue;
      }
      MessageCounters& counted = counters(*it->second);
      ++counted.messages_received;
      counted.bytes_received += m->data.size();
      MessageEvent message;
      if (m->kind == sctp::MessageKind::Text)
        message.data = std::string(m->data.begin(), m->data.end());
      else
        message.data = std::move(m->data);
      events_.push_back(DataChannelMessageEvent{it->second, std::move(message)});
    } else if (auto* low = std::get_if<sctp::BufferedAmountLow>(&*event)) {
      auto it = channels_.find(low->id);
      if (it != channels_.end()) events_.push_back(BufferedAmountLowEvent{it->second});
    } else if (auto* closing = std::get_if<sctp::ChannelClosing>(&*event)) {
      // webrtc-pc §6.2: when the far side starts the closing procedure, readyState becomes
      // "closing" and the closing event fires (unless our own close() got there first).
      auto it = channels_.find(closing->id);
      if (it == channels_.end()) continue;
      const DataChannelState was = it->second->ready_state();
      if (was != DataChannelState::Open && was != DataChannelState::Connecting) continue;
      set_state(*it->second, DataChannelState::Closing);
      events_.push_back(DataChannelClosingEvent{it->second});
    } else if (auto* closed = std::get_if<sctp::ChannelClosed>(&*event)) {
      channel_closed(closed->id);
    } else if (auto* error = std::get_if<sctp::ChannelError>(&*event)) {
      auto it = channels_.find(error->id);
      if (it == channels_.end()) continue;
      events_.push_back(DataChannelErrorEvent{it->second, error->what});
      // An error the association answers by closing the channel (an oversized message, RFC
      // 8831 §6.6): readyState is "closing" until both streams are reset, then "close" fires.
      const sctp::Stream* c = association_->channel(error->id);
      if (c && c->closing())
        set_state(*it->second, DataChannelState::Closing);
    }
  }
}

// Both directions of the stream are reset (RFC 8831 §6.7): the channel is closed and its id
// may be used again.
void SctpTransport::channel_closed(std::uint16_t id) {
  auto it = channels_.find(id);
  if (it == channels_.end()) return;
  auto channel = it->second;
  channels_.erase(it);
  set_state(*channel, DataChannelState::Closed);
  events_.push_back(DataChannelCloseEvent{channel});
}

}  // namespace lucid
