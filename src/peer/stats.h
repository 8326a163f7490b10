// getStats, the basics (W3C webrtc-stats): what went through a connection and how it is set up.
//
//   PeerConnectionStats
//     transport            RTCTransportStats: the one ICE+DTLS transport every channel shares
//                          (BUNDLE), its bytes and packets, ICE and DTLS state, the DTLS cipher,
//                          the fingerprints, and
//       selected_candidate_pair   RTCIceCandidatePairStats: the pair data flows on, and its
//                                 round-trip time measured by ICE checks and consent requests
//     data_channels        RTCDataChannelStats: messages and payload bytes, each way, per channel
//     sctp_transport       RTCSctpTransportStats: the SCTP association's congestion window, the
//                          peer's receive window, its smoothed RTT: what bounds a transfer
//
// The browser returns a map of records linked by ids; lucid returns one struct with the same
// field names in snake_case, since there is only one transport and one pair to point to.
// Counting is plain arithmetic in the sans-IO layers: the numbers are exact, not sampled.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"

namespace lucid {

// The counters a DataChannel keeps (payload bytes: no SCTP, DTLS or UDP headers).
struct MessageCounters {
  std::uint64_t messages_sent = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t messages_received = 0;
  std::uint64_t bytes_received = 0;
};

// RTCDataChannelStats.
struct DataChannelStats {
  std::string label;
  std::string protocol;
  std::optional<std::uint16_t> data_channel_identifier;  // the SCTP stream id
  std::string state;                                     // "connecting", "open", ...
  MessageCounters counters;
};

// RTCIceCandidatePairStats, for the selected pair.
struct IceCandidatePairStats {
  std::string local_candidate;   // "host 127.0.0.1:40001"
  std::string remote_candidate;  // "host 127.0.0.1:40002"
  bool nominated = false;
  // currentRoundTripTime: the latest answered check or consent request (ice/candidate_pair.h).
  std::optional<Duration> current_round_trip_time;
};

// RTCTransportStats (with its DTLS side; tlsVersion is always "DTLS 1.2" here).
struct TransportStats {
  // UDP payloads through PeerConnection::handle_input / poll_transmit: STUN and DTLS alike.
  std::uint64_t packets_sent = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t packets_received = 0;
  std::uint64_t bytes_received = 0;
  std::string ice_state;   // RTCIceTransportState, "new" before there is an agent
  std::string ice_role;    // "controlling" / "controlled", empty before there is an agent
  std::string dtls_state;  // RTCDtlsTransportState, "new" before there is a DTLS transport
  std::string dtls_role;   // "client" / "server", empty until known
  std::string tls_version;  // "DTLS 1.2" once connected
  std::string dtls_cipher;  // OpenSSL's name, e.g. "ECDHE-ECDSA-AES128-GCM-SHA256"
  std::string local_fingerprint;   // "sha-256 AB:CD:..."; our a=fingerprint
  std::string remote_fingerprint;  // what the peer's certificate hashed to (and matched)
  std::optional<IceCandidatePairStats> selected_candidate_pair;
};

// RTCSctpTransportStats (webrtc-stats §8.16), as usrsctp reports them (sctp/association_status.h).
struct SctpTransportStats {
  Duration smoothed_round_trip_time{};  // SCTP's own SRTT, from its acknowledgements
  std::uint32_t congestion_window = 0;  // bytes
  std::uint32_t receiver_window = 0;    // bytes, as the peer last advertised
  std::uint32_t mtu = 0;
  std::uint32_t unack_data = 0;  // DATA chunks sent and not yet acknowledged
};

struct PeerConnectionStats {
  TransportStats transport;
  // Every channel the connection has not yet forgotten (a channel is forgotten once closed).
  std::vector<DataChannelStats> data_channels;
  // Once the association is established.
  std::optional<SctpTransportStats> sctp_transport;
};

}  // namespace lucid
