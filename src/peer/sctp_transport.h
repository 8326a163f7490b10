// SctpTransport — the connection's RTCSctpTransport (webrtc-pc §6.1.1): the sctp::Association
// that runs inside DTLS once it connects (RFC 8261), and the table that maps its stream ids to
// the DataChannel handles the application holds.
//
//   DataChannel::send ─▶ Association::send ─▶ poll_transmit() ─▶ (PeerConnection) dtls send
//   (PeerConnection) DTLS application data ─▶ handle_input ─▶ Association ─▶ events
//
// Channels made before DTLS connects wait here; start() gives them to the association, which
// picks their ids by the DTLS role (RFC 8832 §6) and opens them once SCTP is up. The
// association's events become the W3C DataChannel events in the connection's event queue.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"
#include "common/trace.h"
#include "peer/data_channel_link.h"
#include "peer/peer_connection.h"
#include "sctp/association.h"

namespace lucid {

// Where the association stands. RTCSctpTransportState (webrtc-pc §6.1.1.1) has connecting,
// connected and closed; lucid adds New (DTLS not connected yet, no association) and Failed (the
// association could not start, or ended before it was ever established), which make the
// connection "failed" rather than "connecting" forever.
enum class SctpTransportState { New, Connecting, Connected, Closed, Failed };
const char* to_string(SctpTransportState state);

class SctpTransport final : public DataChannelLink {
 public:
  // `events` is the connection's queue; `name` starts each trace line ("a: "); `trace_layers`
  // are the connection's (both outlive the transport): the DataChannel methods come here
  // without passing through the connection, so the transport opens its trace scope itself.
  SctpTransport(std::deque<PeerConnectionEvent>& events, const std::string& name,
                const trace::Layers& trace_layers);
  ~SctpTransport();  // every channel still held by the application is detached and closed
  SctpTransport(const SctpTransport&) = delete;
  SctpTransport& operator=(const SctpTransport&) = delete;

  std::shared_ptr<DataChannel> create_data_channel(const std::string& label,
                                                   const DataChannelInit& init);

  // DTLS connected: the association starts (INIT goes out at once). If usrsctp refuses it,
  // the state is Failed and every channel gets an error event and closes: a layer's failure is
  // a state, never an exception out of the connection.
  void start(const sctp::AssociationConfig& config, Timestamp now);
  bool started() const { return association_ != nullptr; }
  SctpTransportState state() const { return state_; }
  // Whether INIT/INIT-ACK/COOKIE-ECHO/COOKIE-ACK ever completed: an association that ended
  // later does not make the connection "connecting" again.
  bool was_established() const { return was_established_; }
  // Something below failed for good (DTLS, or an error inside a layer): state Failed, every
  // channel gets an error event saying why and closes (what browsers do).
  void fail(const std::string& reason);

  // ---- sans-IO, between DTLS and the association ----
  void handle_input(BytesView packet, Timestamp now);
  std::optional<Bytes> poll_transmit();  // the next SCTP packet for DTLS
  std::optional<Timestamp> poll_timeout() const;
  void handle_timeout(Timestamp now);
  // The connection closes: ABORT (left in poll_transmit), every channel closed without events
  // (webrtc-pc §4.4.1.5 close()).
  void close();

  // ---- DataChannelLink ----
  void send(DataChannel& channel, BytesView data, bool binary) override;
  void close(DataChannel& channel) override;
  std::size_t buffered_amount(const DataChannel& channel) const override;
  void set_buffered_amount_low_threshold(DataChannel& channel, std::size_t threshold) override;

  // RTCDataChannelStats for every channel it holds (waiting ones first).
  std::vector<DataChannelStats> data_channel_stats() const;
  // RTCSctpTransportStats, once the association is established.
  std::optional<SctpTransportStats> stats() const;

 private:
  void attach(const std::shared_ptr<DataChannel>& channel);
  void drain_events();
  void channel_closed(std::uint16_t id);

  std::deque<PeerConnectionEvent>& events_;
  const std::string& name_;
  const trace::Layers& trace_layers_;
  std::string prefix_;
  std::unique_ptr<sctp::Association> association_;
  SctpTransportState state_ = SctpTransportState::New;
  bool was_established_ = false;
  bool closed_ = false;  // the connection was closed: no more events, no new channels
  std::vector<std::shared_ptr<DataChannel>> waiting_;  // made before the association exists
  std::map<std::uint16_t, std::shared_ptr<DataChannel>> channels_;  // by stream id
};

}  // namespace lucid
