// Association, data channels: the channel table, DCEP out, the send queue, closing.
#include <netinet/in.h>
#include <usrsctp.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "common/trace.h"
#include "sctp/association.h"
#include "sctp/dcep.h"
#include "sctp/usrsctp_library.h"

namespace lucid::sctp {

std::uint16_t Association::allocate_id() const {
  // RFC 8832 §6: the DTLS client picks even stream ids, the server odd ones, so the two ends
  // never pick the same id for different channels.
  const std::uint32_t first = config_.role == Role::Client ? 0 : 1;
  const std::uint32_t limit =
      state_ == AssociationState::Established ? outbound_streams_ : config_.streams;
  for (std::uint32_t id = first; id < limit; id += 2)
    if (channels_.count(static_cast<std::uint16_t>(id)) == 0) return static_cast<std::uint16_t>(id);
  throw std::runtime_error("no free SCTP stream id left for a new data channel");
}

std::uint16_t Association::create_channel(const ChannelInit& init) {
  auto lock = library_->lock();
  if (state_ == AssociationState::Closed)
    throw std::logic_error("create_channel: the SCTP association is closed");
  if (init.max_retransmits && init.max_packet_life_time)
    throw std::invalid_argument(
        "create_channel: maxRetransmits and maxPacketLifeTime cannot both be set");
  if (init.label.size() > 0xffff || init.protocol.size() > 0xffff)
    throw std::invalid_argument("create_channel: label and protocol are limited to 65535 bytes");
  if (init.negotiated && !init.id)
    throw std::invalid_argument("create_channel: a negotiated channel needs an id");
  const std::uint16_t id = init.negotiated ? *init.id : allocate_id();
  if (channels_.count(id) != 0)
    throw std::invalid_argument("create_channel: stream id " + std::to_string(id) + " is in use");

  channels_.emplace(id, Stream(id, init));
  LUCID_TRACE("sctp", "channel \"", init.label, "\" gets stream id ", id,
              init.negotiated ? " (negotiated by the application, no DCEP)" : "");
  pending_opens_.insert(id);
  if (state_ == AssociationState::Established) {
    send_pending_opens();
    flush_send_queue();
  }
  return id;
}

void Association::send_pending_opens() {
  for (std::uint16_t id : pending_opens_) {
    auto it = channels_.find(id);
    if (it == channels_.end()) continue;
    Stream& channel = it->second;
    if (id >= outbound_streams_) {
      // The remote offered fewer streams than this id needs.
      LUCID_TRACE("sctp", "channel \"", channel.label_, "\" cannot open: stream id ", id,
                  " is beyond the ", outbound_streams_, " outbound streams");
      events_.push_back(ChannelError{id, "stream id beyond the negotiated number of streams"});
      events_.push_back(ChannelClosed{id});
      channels_.erase(it);
      continue;
    }
    if (!channel.negotiated_) {
      const dcep::Open open = channel.to_open();
      LUCID_TRACE("dcep", "sending DATA_CHANNEL_OPEN on stream ", id, ": label \"", open.label,
                  "\", protocol \"", open.protocol, "\", ", dcep::to_string(open.channel_type),
                  ", priority ", open.priority, ", reliability parameter ",
                  open.reliability_parameter);
      // RFC 8832 §6: DCEP messages are sent reliably and in order on the channel's stream.
      ++channel.queued_messages_;
      queue_message(OutgoingMessage{id, static_cast<std::uint32_t>(Ppid::Dcep), false, std::nullopt,
                                    std::nullopt, dcep::encode(open), 0, 0});
      channel.opening_ = Stream::Opening::AwaitingAck;
    } else {
      channel.opening_ = Stream::Opening::Negotiated;
    }
    // RFC 8832 §6: the opener may send at once, without waiting for the ACK.
    events_.push_back(ChannelOpened{id});
  }
  pending_opens_.clear();
}

void Association::send(std::uint16_t id, const std::string& text) {
  send(id, BytesView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()),
       MessageKind::Text);
}

void Association::send(std::uint16_t id, BytesView data, MessageKind kind) {
  auto lock = library_->lock();
  auto it = channels_.find(id);
  if (it == channels_.end())
    throw std::logic_error("send: no channel with id " + std::to_string(id));
  Stream& channel = it->second;
  // Guards of this layer's own API (lucid::DataChannel refuses such a send first, with the
  // W3C InvalidStateError): no data before the stream is opened or once its reset has begun.
  if (!channel.opened() || channel.closing())
    throw std::logic_error("send: the stream of channel \"" + channel.label_ + "\" is " +
                           (channel.closing() ? "closing" : "not open yet"));
  // RFC 8841 §6: never send a message larger than the remote's a=max-message-size. Checked
  // before anything is queued, so nothing of it is half-sent.
  if (config_.remote_max_message_size != 0 && data.size() > config_.remote_max_message_size)
    throw std::length_error("send: a message of " + std::to_string(data.size()) +
                            " bytes is larger than the remote a=max-message-size of " +
                            std::to_string(config_.remote_max_message_size) + " bytes");

  OutgoingMessage message{id,
                          static_cast<std::uint32_t>(ppid_for(kind, data.empty())),
                          !channel.ordered_,
                          channel.max_retransmits_,
                          channel.max_packet_life_time_,
                          Bytes(data.begin(), data.end()),
                          0,
                          data.size()};
  // RFC 8831 §6.6: SCTP cannot carry an empty message; one zero byte stands in for it.
  if (data.empty()) message.data = Bytes{0};
  // RFC 8832 §6: before the ACK, send ordered so nothing overtakes the DATA_CHANNEL_OPEN.
  if (!channel.may_send_unordered()) message.unordered = false;
  channel.buffered_amount_ += message.user_bytes;
  ++channel.queued_messages_;
  queue_message(std::move(message));
  if (state_ == AssociationState::Established) flush_send_queue();
}

void Association::send_raw(std::uint16_t id, std::uint32_t ppid, BytesView payload) {
  auto lock = library_->lock();
  auto it = channels_.find(id);
  if (it == channels_.end())
    throw std::logic_error("send_raw: no channel with id " + std::to_string(id));
  ++it->second.queued_messages_;
  queue_message(OutgoingMessage{id, ppid, false, std::nullopt, std::nullopt,
                                Bytes(payload.begin(), payload.end()), 0, 0});
  if (state_ == AssociationState::Established) flush_send_queue();
}

void Association::queue_message(OutgoingMessage message) {
  send_queue_.push_back(std::move(message));
}

void Association::flush_send_queue() {
  while (!send_queue_.empty() && socket_ != nullptr) {
    OutgoingMessage& m = send_queue_.front();
    struct sctp_sendv_spa spa {};
    spa.sendv_flags = SCTP_SEND_SNDINFO_VALID;
    spa.sendv_sndinfo.snd_sid = m.stream;
    spa.sendv_sndinfo.snd_ppid = htonl(m.ppid);
    // A non-blocking usrsctp_sendv of more than the whole send buffer fails with EMSGSIZE, not
    // EWOULDBLOCK, whenever the buffer is full; so a big message goes to usrsctp at most one
    // buffer's worth at a time, and only the call that hands over its last byte says SCTP_EOR
    // (explicit EOR, set in open_socket: the message is complete when that piece is taken).
    const std::size_t rest = m.data.size() - m.sent;
    const std::size_t piece = std::min(rest, kSocketBuffer);
    spa.sendv_sndinfo.snd_flags =
        (piece == rest ? SCTP_EOR : 0) | (m.unordered ? SCTP_UNORDERED : 0);
    // RFC 8831 §6.1 / RFC 3758: partial reliability by retransmission count or lifetime (ms).
    if (m.max_retransmits) {
      spa.sendv_flags |= SCTP_SEND_PRINFO_VALID;
      spa.sendv_prinfo.pr_policy = SCTP_PR_SCTP_RTX;
      spa.sendv_prinfo.pr_value = *m.max_retransmits;
    } else if (m.max_packet_life_time) {
      spa.sendv_flags |= SCTP_SEND_PRINFO_VALID;
      spa.sendv_prinfo.pr_policy = SCTP_PR_SCTP_TTL;
      spa.sendv_prinfo.pr_value = *m.max_packet_life_time;
    }
    const ssize_t n = usrsctp_sendv(socket_, m.data.data() + m.sent, piece, nullptr, 0, &spa,
                                    sizeof(spa), SCTP_SENDV_SPA, 0);
    const int error = errno;
    auto channel = channels_.find(m.stream);
    if (n < 0) {
      // usrsctp's send buffer is full: keep the message and try again after the next input
      // (a SACK frees room). This is what slows a fast sender down without dropping anything.
      if (error == EWOULDBLOCK || error == EAGAIN) return;
      const std::string why = std::strerror(error);
      LUCID_TRACE("sctp", "usrsctp refused a message on stream ", m.stream, ": ", why);
      if (channel != channels_.end()) {
        channel->second.buffered_amount_ -= m.user_bytes;
        --channel->second.queued_messages_;
        events_.push_back(ChannelError{m.stream, "send failed: " + why});
      }
      send_queue_.pop_front();
      continue;
    }
    m.sent += static_cast<std::size_t>(n);
    if (m.sent < m.data.size()) return;  // usrsctp took a part; the rest waits for room
    if (channel != channels_.end()) {
      Stream& c = channel->second;
      const std::size_t before = c.buffered_amount_;
      c.buffered_amount_ -= m.user_bytes;
      --c.queued_messages_;
      // W3C: bufferedamountlow fires when bufferedAmount falls from above the threshold to
      // at or below it.
      if (before > c.buffered_amount_low_threshold_ &&
          c.buffered_amount_ <= c.buffered_amount_low_threshold_)
        events_.push_back(BufferedAmountLow{m.stream});
    }
    send_queue_.pop_front();
  }
}

void Association::set_buffered_amount_low_threshold(std::uint16_t id, std::size_t threshold) {
  auto lock = library_->lock();
  auto it = channels_.find(id);
  if (it == channels_.end()) throw std::logic_error("no channel with id " + std::to_string(id));
  it->second.buffered_amount_low_threshold_ = threshold;
}

const Stream* Association::channel(std::uint16_t id) const {
  auto lock = library_->lock();
  auto it = channels_.find(id);
  return it == channels_.end() ? nullptr : &it->second;
}

void Association::close_channel(std::uint16_t id) {
  auto lock = library_->lock();
  auto it = channels_.find(id);
  if (it == channels_.end()) return;  // W3C: closing a closed channel does nothing
  Stream& channel = it->second;
  if (channel.closing()) return;
  LUCID_TRACE("sctp", "closing channel \"", channel.label_, "\" on stream ", id);
  channel.outgoing_reset_ = Stream::Reset::Asked;
  if (pending_opens_.erase(id) != 0 || state_ != AssociationState::Established) {
    // Never opened on the wire: nothing to reset.
    channel_closed_both_ways(channel);
    return;
  }
  closing_.insert(id);
  reset_closing_streams();
}

void Association::reset_closing_streams() {
  // RFC 8831 §6.7: a channel closes by resetting its outgoing stream (RFC 6525), after the
  // messages already queued for it are on their way.
  std::vector<std::uint16_t> ready;
  for (std::uint16_t id : closing_) {
    auto it = channels_.find(id);
    if (it == channels_.end()) {
      if (stray_resets_.count(id) != 0) ready.push_back(id);
      continue;
    }
    if (it->second.outgoing_reset_ != Stream::Reset::Asked) continue;
    if (it->second.queued_messages_ == 0) ready.push_back(id);
  }
  if (ready.empty() || socket_ == nullptr) return;
  const std::size_t size = sizeof(struct sctp_reset_streams) + ready.size() * sizeof(std::uint16_t);
  std::vector<std::uint8_t> request(size);
  struct sctp_reset_streams head {};
  head.srs_assoc_id = SCTP_ALL_ASSOC;
  head.srs_flags = SCTP_STREAM_RESET_OUTGOING;
  head.srs_number_streams = static_cast<std::uint16_t>(ready.size());
  std::memcpy(request.data(), &head, sizeof(head));
  std::memcpy(request.data() + sizeof(head), ready.data(), ready.size() * sizeof(std::uint16_t));
  if (trace::enabled("sctp")) {
    std::string list;
    for (std::uint16_t id : ready) list += (list.empty() ? "" : ", ") + std::to_string(id);
    LUCID_TRACE("sctp", "resetting outgoing stream(s) ", list,
                " (RE-CONFIG with an Outgoing SSN Reset Request, RFC 6525 §4.1)");
  }
  if (usrsctp_setsockopt(socket_, IPPROTO_SCTP, SCTP_RESET_STREAMS, request.data(),
                         static_cast<socklen_t>(size)) != 0) {
    const int error = errno;
    if (error == EOPNOTSUPP) {
      // The remote did not announce RE-CONFIG support in its INIT: it cannot hear a close.
      LUCID_TRACE("sctp", "the remote does not support stream reset (RFC 6525); closing locally");
      for (std::uint16_t id : ready) {
        stray_resets_.erase(id);
        closing_.erase(id);
        if (auto it = channels_.find(id); it != channels_.end())
          channel_closed_both_ways(it->second);
      }
      return;
    }
    LUCID_TRACE("sctp", "usrsctp cannot reset them yet (", std::strerror(error),
                "); trying again later");
    return;  // tried again after the next input
  }
  for (std::uint16_t id : ready) {
    if (auto it = channels_.find(id); it != channels_.end())
      it->second.outgoing_reset_ = Stream::Reset::Requested;
    stray_resets_.erase(id);
    closing_.erase(id);
  }
}

void Association::channel_closed_both_ways(Stream& channel) {
  const std::uint16_t id = channel.id_;
  LUCID_TRACE("sctp", "channel \"", channel.label_, "\" on stream ", id,
              " is closed; the stream id is free again");
  events_.push_back(ChannelClosed{id});
  closing_.erase(id);
  pending_opens_.erase(id);
  channels_.erase(id);
}

void Association::all_channels_closed() {
  send_queue_.clear();
  pending_opens_.clear();
  closing_.clear();
  stray_resets_.clear();
  for (const auto& [id, channel] : channels_) events_.push_back(ChannelClosed{id});
  channels_.clear();
}

}  // namespace lucid::sctp
