// PeerHost: one PeerConnection running for real — a UDP socket on each local address, the event
// loop's clock, and W3C-style callbacks.
//
// PeerConnection is sans-IO (peer/peer_connection.h): it never touches a socket or a clock. The
// host is the other half: it binds the sockets whose addresses become host candidates, feeds
// what arrives through the RFC 7983 demultiplexer into the connection, sends what the connection
// queues, keeps its timer, and turns its events into callbacks.
//
// Threading (first cut): every method and every callback runs on the loop's thread; call the
// methods before run() or from inside a callback or a task given to EventLoop::post().
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "common/result.h"
#include "net/data_channel.h"
#include "net/demux.h"
#include "net/driver.h"
#include "net/event_loop.h"
#include "net/interfaces.h"
#include "net/udp_socket.h"
#include "peer/peer_connection.h"

namespace lucid::net {

struct PeerHostOptions {
  // Which interface addresses get a socket (and so a host candidate). Tests on one machine use
  // {.only = {127.0.0.1}}.
  InterfaceOptions interfaces;
  // Bind in this range instead of letting the system pick ports.
  std::optional<PortRange> ports;
  // Seeing inside: write every UDP datagram this peer sends and receives to a pcap file here
  // (net/pcap_writer.h), with IP and UDP headers synthesised, for Wireshark and tshark. Empty:
  // no capture. For the DTLS secrets that let them decrypt it, see
  // PeerConnectionConfiguration::key_log. (Two peers in one process: capture one of them; its
  // sent and received datagrams are the whole session.)
  std::string pcap_path;
};

class PeerHost {
 public:
  // Binds a socket on every address `options` selects; throws std::runtime_error when it finds
  // no address to bind at all (there would be no candidate to offer), or cannot create the
  // capture file.
  PeerHost(EventLoop& loop, PeerConnectionConfiguration configuration,
           PeerHostOptions options = {});
  ~PeerHost();
  PeerHost(const PeerHost&) = delete;
  PeerHost& operator=(const PeerHost&) = delete;

  // ---- the RTCPeerConnection methods, with the loop's clock ----
  SessionDescription create_offer();
  SessionDescription create_answer();
  void set_local_description(const SessionDescription& description);
  Status set_remote_description(const SessionDescription& description);
  Status add_ice_candidate(const IceCandidateInit& candidate);
  void close();
  // createDataChannel (see PeerConnection::create_data_channel).
  std::shared_ptr<DataChannel> create_data_channel(const std::string& label,
                                                   const DataChannelInit& init = {});

  // ---- the RTCPeerConnection events, called on the loop thread ----
  std::function<void(const IceCandidateEvent&)> on_ice_candidate;
  // "icecandidateerror": an ICE server gathering could not use (today: every turn: URL).
  std::function<void(const IceCandidateErrorEvent&)> on_ice_candidate_error;
  std::function<void(IceGatheringState)> on_ice_gathering_state_change;
  std::function<void(IceConnectionState)> on_ice_connection_state_change;
  std::function<void(SignalingState)> on_signaling_state_change;
  std::function<void(PeerConnectionState)> on_connection_state_change;
  // "datachannel": the far side opened a channel. Set its callbacks inside this one to see
  // its first messages.
  std::function<void(std::shared_ptr<DataChannel>)> on_data_channel;

  // The connection itself, for reading its state and descriptions.
  const PeerConnection& connection() const { return pc_; }
  // The addresses the host's sockets are bound to.
  std::vector<SocketAddress> local_addresses() const { return driver_.local_addresses(); }
  // The UDP payloads sent and received so far, by layer: STUN, DTLS handshake, DTLS
  // application data (net/traffic.h).
  const Traffic& traffic_sent() const { return driver_.sent(); }
  const Traffic& traffic_received() const { return driver_.received(); }
  // getStats (peer/stats.h).
  PeerConnectionStats get_stats() const { return pc_.get_stats(); }

 private:
  // Adapts the PeerConnection to the Driver's Machine interface, through the demux.
  class Adapter;
  void deliver_events();
  std::shared_ptr<DataChannel> wrap(const std::shared_ptr<lucid::DataChannel>& channel);

  std::string name_;  // the configuration's name, for the trace (before pc_, which takes it over)
  PeerConnection pc_;
  std::optional<PcapWriter> capture_;
  Demux demux_;
  std::unique_ptr<Adapter> adapter_;
  Driver driver_;
  // The net face of every channel not yet closed, by the peer channel it wraps.
  std::map<const lucid::DataChannel*, std::shared_ptr<DataChannel>> channels_;
  bool delivering_ = false;  // inside deliver_events()
};

}  // namespace lucid::net
