// Association, receiving: usrsctp_recvv, reassembly of partial deliveries, notifications,
// and the DCEP messages that arrive on a channel's stream.
#include <netinet/in.h>
#include <usrsctp.h>

#include <cerrno>
#include <cstring>

#include "common/trace.h"
#include "sctp/association.h"
#include "sctp/dcep.h"

namespace lucid::sctp {
namespace {

constexpr std::size_t kReceiveChunk = 64 * 1024;

// usrsctp hands notifications over as C structs in a byte buffer; copy one out (no casts).
template <typename T>
bool read_struct(BytesView bytes, T& out) {
  if (bytes.size() < sizeof(T)) return false;
  std::memcpy(&out, bytes.data(), sizeof(T));
  return true;
}

}  // namespace

void Association::drain_receive() {
  if (receive_buffer_.size() != kReceiveChunk) receive_buffer_.resize(kReceiveChunk);
  while (socket_ != nullptr) {
    struct sctp_rcvinfo info {};
    socklen_t info_length = sizeof(info);
    unsigned int info_type = SCTP_RECVV_NOINFO;
    int flags = 0;
    struct sockaddr_conn from {};
    socklen_t from_length = sizeof(from);
    const ssize_t n = usrsctp_recvv(socket_, receive_buffer_.data(), receive_buffer_.size(),
                                    reinterpret_cast<struct sockaddr*>(&from), &from_length, &info,
                                    &info_length, &info_type, &flags);
    if (n < 0) {
      const int error = errno;
      if (error != EWOULDBLOCK && error != EAGAIN && error != ENOTCONN)
        LUCID_TRACE("sctp", "usrsctp_recvv failed: ", std::strerror(error));
      return;
    }
    if (n == 0) return;  // the association has shut down; the notification says why
    const BytesView piece(receive_buffer_.data(), static_cast<std::size_t>(n));

    if ((flags & MSG_NOTIFICATION) != 0) {
      partial_notification_.insert(partial_notification_.end(), piece.begin(), piece.end());
      if ((flags & MSG_EOR) != 0) {
        Bytes notification = std::move(partial_notification_);
        partial_notification_.clear();
        handle_notification(notification);
      }
      continue;
    }

    // A message larger than our buffer (or usrsctp's partial delivery point) arrives in
    // pieces; only the last one has MSG_EOR. Fragment interleave level 1 (open_socket) on this
    // one-to-one socket, and no I-DATA (RFC 8260), mean the pieces of one message are never
    // mixed with another's.
    const std::size_t limit = config_.local_max_message_size;  // 0: no limit
    const bool last_piece = (flags & MSG_EOR) != 0;
    if (oversized_) {
      *oversized_ += piece.size();  // counted, not kept
    } else if (limit != 0 && partial_message_.size() + piece.size() > limit) {
      // RFC 8841 §6.1: the remote must not send more than our a=max-message-size. Stop keeping
      // the message at once (a peer that ignores the limit costs us no memory for it), count
      // the rest as it comes, and close the channel (RFC 8831 §6.6).
      oversized_ = partial_message_.size() + piece.size();
      partial_message_ = Bytes();
      if (info_type == SCTP_RECVV_RCVINFO)  // always, with SCTP_RECVRCVINFO on: the stream
        refuse_oversized_message(info.rcv_sid, *oversized_, last_piece);
    } else {
      partial_message_.insert(partial_message_.end(), piece.begin(), piece.end());
    }
    if (!last_piece) continue;
    if (oversized_) {
      LUCID_TRACE("sctp", "discarded all ", *oversized_, " bytes of the oversized message on stream ",
                  info.rcv_sid);
      oversized_.reset();
      continue;
    }
    Bytes message = std::move(partial_message_);
    partial_message_.clear();
    if (info_type != SCTP_RECVV_RCVINFO) {
      LUCID_TRACE("sctp", "a message arrived without its stream and PPID; dropped");
      continue;
    }
    // The PPID travels in network byte order and usrsctp leaves it so.
    handle_message(info.rcv_sid, ntohl(info.rcv_ppid), std::move(message));
  }
}

void Association::handle_notification(BytesView bytes) {
  decltype(sctp_notification::sn_header) header{};  // type, flags, length
  if (!read_struct(bytes, header)) return;
  switch (header.sn_type) {
    case SCTP_ASSOC_CHANGE: {
      struct sctp_assoc_change change {};
      if (!read_struct(bytes, change)) return;
      switch (change.sac_state) {
        case SCTP_COMM_UP:
          inbound_streams_ = change.sac_inbound_streams;
          outbound_streams_ = change.sac_outbound_streams;
          LUCID_TRACE("sctp", "INIT, INIT-ACK, COOKIE-ECHO, COOKIE-ACK done: association up with ",
                      outbound_streams_, " outbound and ", inbound_streams_, " inbound streams");
          set_state(AssociationState::Established, "handshake complete");
          events_.push_back(AssociationEstablished{inbound_streams_, outbound_streams_});
          break;
        case SCTP_RESTART:
          LUCID_TRACE("sctp", "the remote restarted the association (RFC 9260 §5.2.4)");
          break;
        case SCTP_COMM_LOST:
          set_state(AssociationState::Closed,
                    "association lost (ABORT received or retransmissions exhausted)");
          break;
        case SCTP_SHUTDOWN_COMP:
          set_state(AssociationState::Closed, "SHUTDOWN complete");
          break;
        case SCTP_CANT_STR_ASSOC:
          set_state(AssociationState::Closed,
                    "the handshake failed (INIT retransmissions exhausted)");
          break;
        default:
          break;
      }
      break;
    }
    case SCTP_STREAM_RESET_EVENT: {
      struct sctp_stream_reset_event reset {};
      if (!read_struct(bytes, reset)) return;
      const std::size_t list_end = std::min<std::size_t>(reset.strreset_length, bytes.size());
      handle_stream_reset(
          reset.strreset_flags,
          bytes.subspan(sizeof(reset), list_end > sizeof(reset) ? list_end - sizeof(reset) : 0));
      break;
    }
    case SCTP_STREAM_CHANGE_EVENT: {
      struct sctp_stream_change_event change {};
      if (!read_struct(bytes, change)) return;
      inbound_streams_ = change.strchange_instrms;
      outbound_streams_ = change.strchange_outstrms;
      LUCID_TRACE("sctp", "streams now ", outbound_streams_, " outbound, ", inbound_streams_,
                  " inbound");
      break;
    }
    case SCTP_SENDER_DRY_EVENT:
      // Everything handed to usrsctp has been acknowledged: a good moment to hand it more.
      LUCID_TRACE("sctp", "sender dry: the remote acknowledged all data sent so far");
      break;
    case SCTP_SEND_FAILED_EVENT: {
      struct sctp_send_failed_event failed {};
      if (!read_struct(bytes, failed)) return;
      // PR-SCTP (RFC 3758): a message past its retransmission count or lifetime is abandoned.
      LUCID_TRACE("sctp", "a message on stream ", failed.ssfe_info.snd_sid,
                  " was abandoned (partial reliability limit reached)");
      break;
    }
    case SCTP_PARTIAL_DELIVERY_EVENT: {
      struct sctp_pdapi_event pd {};
      if (!read_struct(bytes, pd)) return;
      if (pd.pdapi_indication == SCTP_PARTIAL_DELIVERY_ABORTED) {
        LUCID_TRACE("sctp", "partial delivery on stream ", pd.pdapi_stream,
                    " aborted; the piece is dropped");
        partial_message_.clear();
        oversized_.reset();
      }
      break;
    }
    case SCTP_SHUTDOWN_EVENT:
      LUCID_TRACE("sctp", "the remote sent SHUTDOWN");
      break;
    case SCTP_REMOTE_ERROR: {
      struct sctp_remote_error error {};
      if (!read_struct(bytes, error)) return;
      LUCID_TRACE("sctp", "the remote reported error cause ", error.sre_error);
      break;
    }
    default:
      break;
  }
}

void Association::handle_message(std::uint16_t stream, std::uint32_t ppid, Bytes data) {
  if (ppid == static_cast<std::uint32_t>(Ppid::Dcep)) {
    handle_dcep(stream, data);
    return;
  }
  auto it = channels_.find(stream);
  if (it == channels_.end() || !it->second.opened()) {
    LUCID_TRACE("sctp", "dropped a ", data.size(), "-byte message on stream ", stream,
                ": no open channel uses it");
    return;
  }
  if (it->second.closed_for_error_) {
    // A message was lost to the error that closes this channel: delivering the ones after it
    // would break the channel's promise of every message, in order.
    LUCID_TRACE("sctp", "dropped a ", data.size(), "-byte message on stream ", stream,
                ": the channel is closing after an error");
    return;
  }
  switch (static_cast<Ppid>(ppid)) {
    case Ppid::String:
      events_.push_back(MessageReceived{stream, MessageKind::Text, std::move(data)});
      return;
    case Ppid::Binary:
      events_.push_back(MessageReceived{stream, MessageKind::Binary, std::move(data)});
      return;
    case Ppid::StringEmpty:  // RFC 8831 §6.6: the one byte is a placeholder
      events_.push_back(MessageReceived{stream, MessageKind::Text, {}});
      return;
    case Ppid::BinaryEmpty:
      events_.push_back(MessageReceived{stream, MessageKind::Binary, {}});
      return;
    case Ppid::StringPartial:
    case Ppid::BinaryPartial:
      LUCID_TRACE("sctp", "refused a message on stream ", stream, " with deprecated PPID ", ppid,
                  " (partial messages, RFC 8831 §6.6)");
      return;
    case Ppid::Dcep:
      break;
  }
  LUCID_TRACE("sctp", "refused a message on stream ", stream, " with unknown PPID ", ppid);
}

void Association::refuse_oversized_message(std::uint16_t stream, std::size_t size,
                                           bool complete) {
  const std::string what = "a message of " + std::string(complete ? "" : "at least ") +
                           std::to_string(size) +
                           " bytes arrived, larger than our a=max-message-size of " +
                           std::to_string(config_.local_max_message_size) +
                           " bytes: the channel is closed (RFC 8831 §6.6)";
  auto it = channels_.find(stream);
  if (it == channels_.end() || it->second.closing()) {
    LUCID_TRACE("sctp", "stream ", stream, ": ", what, "; no open channel uses the stream");
    return;
  }
  Stream& channel = it->second;
  LUCID_TRACE("sctp", "channel \"", channel.label_, "\" on stream ", stream, ": ", what);
  // RFC 8831 §6.6: an error in a received message closes the channel; §6.7: by resetting our
  // outgoing stream. SCTP has no way to tell the remote why: it sees its channel close, no more.
  channel.closed_for_error_ = true;
  events_.push_back(ChannelError{stream, what});
  close_channel(stream);
}

void Association::handle_dcep(std::uint16_t stream, BytesView bytes) {
  auto message = dcep::parse(bytes);
  if (!message) {
    LUCID_TRACE("dcep", "refused a malformed DCEP message on stream ", stream, ": ",
                message.error().message());
    return;
  }
  if (std::holds_alternative<dcep::Ack>(*message)) {
    auto it = channels_.find(stream);
    if (it == channels_.end() || it->second.opening_ != Stream::Opening::AwaitingAck) {
      LUCID_TRACE("dcep", "ignored an unexpected DATA_CHANNEL_ACK on stream ", stream);
      return;
    }
    it->second.opening_ = Stream::Opening::Acked;
    LUCID_TRACE("dcep", "received DATA_CHANNEL_ACK on stream ", stream,
                ": the remote has channel \"", it->second.label_, "\"");
    return;
  }

  const auto& open = std::get<dcep::Open>(*message);
  // RFC 8832 §6: the DTLS client opens even streams and the server odd ones, so an OPEN on
  // one of ours, or on a stream already in use, is a protocol error.
  const bool remote_parity = (stream % 2 == 0) == (config_.role == Role::Server);
  if (!remote_parity || channels_.count(stream) != 0) {
    LUCID_TRACE("dcep", "refused DATA_CHANNEL_OPEN on stream ", stream,
                remote_parity ? ": the stream is in use" : ": that stream id belongs to our role");
    return;
  }
  auto [it, inserted] =
      channels_.emplace(stream, Stream(stream, Stream::from_open(open)));
  Stream& channel = it->second;
  channel.opening_ = Stream::Opening::OpenedByRemote;
  LUCID_TRACE("dcep", "received DATA_CHANNEL_OPEN on stream ", stream, ": label \"", open.label,
              "\", protocol \"", open.protocol, "\", ", dcep::to_string(open.channel_type),
              ", priority ", open.priority, ", reliability parameter ", open.reliability_parameter,
              "; answering DATA_CHANNEL_ACK");
  // RFC 8832 §6: the ACK goes back on the same stream, ordered and reliable.
  ++channel.queued_messages_;
  queue_message(OutgoingMessage{stream, static_cast<std::uint32_t>(Ppid::Dcep), false, std::nullopt,
                                std::nullopt, dcep::encode(dcep::Ack{}), 0, 0});
  events_.push_back(ChannelCreated{stream});
  events_.push_back(ChannelOpened{stream});
}

void Association::handle_stream_reset(std::uint16_t flags, BytesView stream_list) {
  std::vector<std::uint16_t> streams;
  for (std::size_t i = 0; i + 1 < stream_list.size(); i += 2) {
    std::uint16_t id;
    std::memcpy(&id, stream_list.data() + i, sizeof(id));  // host order, usrsctp's own struct
    streams.push_back(id);
  }
  if (streams.empty())  // an empty list means every stream
    for (const auto& [id, channel] : channels_) streams.push_back(id);

  for (std::uint16_t id : streams) {
    auto it = channels_.find(id);
    if (it == channels_.end()) {
      // RFC 8831 §6.7: whoever sees its incoming stream reset resets its outgoing one, even
      // for a stream without a channel here (a negotiated channel created on one side only),
      // so that the remote's close completes.
      if ((flags & SCTP_STREAM_RESET_INCOMING_SSN) != 0 && id < outbound_streams_) {
        LUCID_TRACE("sctp", "the remote reset stream ", id,
                    ", which has no channel here; resetting ours so its close completes");
        stray_resets_.insert(id);
        closing_.insert(id);
      }
      continue;
    }
    Stream& channel = it->second;
    if ((flags & (SCTP_STREAM_RESET_DENIED | SCTP_STREAM_RESET_FAILED)) != 0) {
      LUCID_TRACE("sctp", "the remote refused to reset stream ", id,
                  "; closing the channel anyway");
      channel.outgoing_reset_ = channel.incoming_reset_ = Stream::Reset::Done;
    } else if ((flags & SCTP_STREAM_RESET_INCOMING_SSN) != 0) {
      // RFC 8831 §6.7: the remote reset its outgoing stream, so it closed the channel; we
      // answer by resetting ours once what we queued is sent.
      channel.incoming_reset_ = Stream::Reset::Done;
      if (channel.outgoing_reset_ == Stream::Reset::None) {
        LUCID_TRACE("sctp", "the remote reset its outgoing stream ", id,
                    " (RFC 6525): it closed \"", channel.label_,
                    "\", so we close our direction too");
        channel.outgoing_reset_ = Stream::Reset::Asked;
        pending_opens_.erase(id);
        closing_.insert(id);
        events_.push_back(ChannelClosing{id});
      } else {
        LUCID_TRACE("sctp", "the remote reset its outgoing stream ", id,
                    " in answer to ours (RFC 8831 §6.7)");
      }
    } else if ((flags & SCTP_STREAM_RESET_OUTGOING_SSN) != 0) {
      channel.outgoing_reset_ = Stream::Reset::Done;
      LUCID_TRACE("sctp", "our reset of outgoing stream ", id, " is done");
    }
    if (channel.reset_both_ways()) channel_closed_both_ways(channel);
  }
}

}  // namespace lucid::sctp
