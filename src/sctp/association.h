// sctp::Association: one SCTP association carried over DTLS (RFC 8261), with its data channels
// (RFC 8831) and DCEP (RFC 8832), in the sans-IO shape of shared/DESIGN.md.
//
//   DTLS application data in  ──handle_input(packet, now)──▶ usrsctp_conninput
//   usrsctp's output callback ──▶ queue ──poll_transmit()──▶ DTLS application data out
//   usrsctp_recvv (messages, notifications) ──▶ poll_event()
//   poll_timeout() / handle_timeout(now) ──▶ usrsctp_handle_timers
//
// The association is a usrsctp one-to-one socket on an AF_CONN address (this object's
// address), set up for WebRTC: explicit end-of-record so messages keep their boundaries, no
// Nagle, stream reset enabled (RFC 6525), many streams. Messages wait in lucid's own queue
// until usrsctp's send buffer takes them, so a fast sender is slowed, never dropped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>

#include "common/bytes.h"
#include "common/sans_io.h"
#include "common/time.h"
#include "sctp/association_status.h"
#include "sctp/events.h"
#include "sctp/ppid.h"
#include "sctp/stream.h"

struct socket;  // usrsctp's socket

namespace lucid::sctp {

class UsrsctpLibrary;

// Which end of DTLS we are: it decides the parity of the stream ids we pick (RFC 8832 §6).
enum class Role { Client, Server };

struct AssociationConfig {
  Role role = Role::Client;          // the DTLS role: client → even ids, server → odd
  std::uint16_t local_port = 5000;   // our a=sctp-port (RFC 8841 §5)
  std::uint16_t remote_port = 5000;  // the remote a=sctp-port
  // RFC 8841 §6: the largest message the remote accepts (its a=max-message-size); 64 KiB when
  // the attribute is absent, 0 for "no limit".
  std::size_t remote_max_message_size = 65536;
  // The largest message we accept (our a=max-message-size), 0 for "no limit". A bigger one is
  // discarded as it arrives and closes its channel with an error (RFC 8831 §6.6).
  std::size_t local_max_message_size = 262144;
  // Streams we offer in each direction (RFC 8831 §6.2: as many as channels may be needed).
  // The maximum costs usrsctp about 7 MB per association (measured); fewer save memory.
  std::uint16_t streams = 65535;
  // RFC 9260 §6.3.1/§15: the retransmission timeout's start (RTO.Initial, until a round trip
  // is measured), floor (RTO.Min) and ceiling (RTO.Max), which also caps the doubling of the
  // INIT and COOKIE-ECHO timers (T1) and of T3-rtx; and how many times INIT and COOKIE-ECHO
  // are sent before the association gives up (Max.Init.Retransmits).
  // RFC 9260's (and usrsctp's) 3 s, 1 s and 60 s are for paths of unknown length; inside DTLS
  // over an ICE pair that answered in tens of ms they leave the INIT, the COOKIE-ECHO and the
  // DCEP OPEN waiting 3, 6, 12 s... after each loss. These are Chromium's (its dcSCTP:
  // rto_initial 500 ms, rto_min 400 ms, above a peer's 200 ms delayed SACK; and the 3 s
  // max_timer_backoff_duration that WebRTC's DcSctpTransport sets "to reduce the time to
  // recover"). Max.Init.Retransmits stays RFC 9260's 8: INIT is then sent for about 20 s
  // (0.5 + 1 + 2 + 3 + 3 ...), and all 9 tries fail at 30% loss each way 1 time in 400.
  // Measured in bench/setup_under_loss.
  Duration rto_initial = std::chrono::milliseconds(500);
  Duration rto_min = std::chrono::milliseconds(400);
  Duration rto_max = std::chrono::seconds(3);
  int max_init_retransmits = 8;
  // RFC 9260 §8.1 Association.Max.Retrans: this many retransmissions in a row without an answer
  // end the association. RFC 9260's 10 at the 3 s ceiling above would give up after about 25 s
  // of silence, before ICE's consent (30 s, RFC 7675 §5.1) says whether the path is gone; 20
  // leaves that call to ICE, whose failure closes every channel with an error event (Chromium
  // goes further: its DcSctpTransport never lets SCTP give up on retransmissions).
  int max_association_retransmits = 20;
};

class Association {
 public:
  // Starts the association: usrsctp sends INIT at once. Both ends do so, and SCTP's handshake
  // resolves the crossing INITs (RFC 9260 §5.2.1). `now` starts lucid's clock for usrsctp.
  Association(const AssociationConfig& config, Timestamp now);
  ~Association();
  Association(const Association&) = delete;
  Association& operator=(const Association&) = delete;

  // --- sans-IO ---
  // One SCTP packet that came out of DTLS.
  void handle_input(BytesView packet, Timestamp now);
  // The next SCTP packet to give to DTLS as application data.
  std::optional<Bytes> poll_transmit();
  std::optional<Event> poll_event();
  // When handle_timeout should next be called (nothing once closed).
  std::optional<Timestamp> poll_timeout() const;
  void handle_timeout(Timestamp now);

  AssociationState state() const { return state_; }
  const AssociationConfig& config() const { return config_; }
  // Streams each way once established (RFC 9260 §5.1.1: the smaller of what each end offered);
  // W3C RTCSctpTransport.maxChannels is the smaller of the two.
  std::uint16_t inbound_streams() const { return inbound_streams_; }
  std::uint16_t outbound_streams() const { return outbound_streams_; }
  // usrsctp's view of the sending side (cwnd, rwnd, SRTT, ...), once established
  // (association_status.cpp); nothing before, or if usrsctp cannot say.
  std::optional<AssociationStatus> status() const;

  // --- data channels ---
  // Creates a channel and returns its id. Unless negotiated, DATA_CHANNEL_OPEN goes out as
  // soon as the association is up. Throws std::invalid_argument for options W3C rejects
  // (both maxRetransmits and maxPacketLifeTime; negotiated without id; an id in use).
  std::uint16_t create_channel(const ChannelInit& init);
  // Queues one message. Throws std::logic_error if the channel is not open (W3C
  // InvalidStateError) and std::length_error above the remote a=max-message-size, in which
  // case nothing at all is sent.
  void send(std::uint16_t id, BytesView data, MessageKind kind);
  void send(std::uint16_t id, const std::string& text);
  // Sends bytes with any PPID on a channel's stream, bypassing the data-channel rules (size
  // limit, empty messages, DCEP). Only for conformance tests that need a misbehaving peer.
  void send_raw(std::uint16_t id, std::uint32_t ppid, BytesView payload);
  // Starts closing: queued messages still go out, then the outgoing stream is reset.
  void close_channel(std::uint16_t id);
  void set_buffered_amount_low_threshold(std::uint16_t id, std::size_t threshold);
  // The channel, or nullptr once it is closed and forgotten.
  const Stream* channel(std::uint16_t id) const;
  std::size_t channel_count() const { return channels_.size(); }

  // Ends the association at once (ABORT, RFC 9260 §9.1); the ABORT is left in poll_transmit.
  void close();

 private:
  friend class UsrsctpLibrary;
  // usrsctp's send and receive buffers. A message larger than the send buffer still goes out (in
  // pieces, thanks to explicit EOR); one larger than the receive buffer arrives in pieces.
  static constexpr std::size_t kSocketBuffer = 1024 * 1024;
  struct OutgoingMessage {
    std::uint16_t stream;
    std::uint32_t ppid;
    bool unordered;
    std::optional<std::uint32_t> max_retransmits;
    std::optional<std::uint32_t> max_packet_life_time;
    Bytes data;
    std::size_t sent = 0;        // bytes usrsctp has taken so far
    std::size_t user_bytes = 0;  // what counts in bufferedAmount
  };

  // association.cpp: socket setup, input, timers.
  void open_socket();
  void queue_transmit(BytesView packet);  // from UsrsctpLibrary's output callback
  void after_usrsctp();                   // drain receive side, flush send side
  void set_state(AssociationState state, const std::string& why);

  // association_receive.cpp: usrsctp_recvv, reassembly, notifications, DCEP in.
  void drain_receive();
  void handle_notification(BytesView bytes);
  void handle_message(std::uint16_t stream, std::uint32_t ppid, Bytes data);
  void refuse_oversized_message(std::uint16_t stream, std::size_t size, bool complete);
  void handle_dcep(std::uint16_t stream, BytesView bytes);
  void handle_stream_reset(std::uint16_t flags, BytesView stream_list);

  // association_channels.cpp: the channel table, the send queue, closing.
  std::uint16_t allocate_id() const;
  void queue_message(OutgoingMessage message);
  void flush_send_queue();
  void send_pending_opens();
  void reset_closing_streams();
  void channel_closed_both_ways(Stream& channel);
  void all_channels_closed();

  AssociationConfig config_;
  std::shared_ptr<UsrsctpLibrary> library_;
  struct socket* socket_ = nullptr;
  AssociationState state_ = AssociationState::Connecting;
  std::uint16_t inbound_streams_ = 0;
  std::uint16_t outbound_streams_ = 0;

  std::deque<Bytes> transmit_;
  std::deque<Event> events_;
  std::deque<OutgoingMessage> send_queue_;
  std::map<std::uint16_t, Stream> channels_;
  std::set<std::uint16_t> pending_opens_;  // channels waiting for the association to come up
  std::set<std::uint16_t> closing_;        // channels whose outgoing stream is still to reset
  std::set<std::uint16_t> stray_resets_;   // streams without a channel the remote reset

  // One message may arrive in pieces (usrsctp partial delivery): collected until MSG_EOR.
  Bytes receive_buffer_;
  Bytes partial_message_;
  // While a message over our a=max-message-size arrives: its bytes so far, counted, not kept.
  std::optional<std::size_t> oversized_;
  Bytes partial_notification_;
};

static_assert(SansIo<Association, BytesView, Bytes>);

}  // namespace lucid::sctp
