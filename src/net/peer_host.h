// PeerHost: one PeerConnection running for real — a UDP socket on each local address, the event
// loop's clock, and W3C-style callbacks.
//
// PeerConnection is sans-IO (peer/peer_connection.h): it never touches a socket or a clock. The
// host is the other half: it binds the sockets whose addresses become host candidates, feeds
// every datagram that arrives into the connection (net/driver.h; ICE inside it sorts them),
// sends what the connection queues, keeps its timer, and turns its events into callbacks.
//
// Threading. One EventLoop thread drives any number of PeerHosts. The connection, its sockets
// and its timer belong to that thread:
//   - every method is safe to call from any thread: a call from another thread is handed to the
//     loop (EventLoop::invoke) and waits there until the loop thread has run it, so it returns
//     the same result and throws the same exceptions as a call on the loop thread. A call on
//     the loop thread (from a callback), or while no thread runs the loop (setting up before
//     starting it), runs at once.
//   - every callback runs on the loop thread. Set the callbacks before the first description
//     (or on the loop thread); don't reassign them from another thread while the loop runs.
//   - connection() is the exception: it hands out the sans-IO connection itself, to read on the
//     loop thread only. The state getters below are the thread-safe way to read the same things.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "net/hosted_data_channel.h"
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
  // capture file. `loop` must outlive the host.
  PeerHost(EventLoop& loop, PeerConnectionConfiguration configuration,
           PeerHostOptions options = {});
  // Closes the sockets and lets go of the connection (call close() first to tell the peer).
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
  std::shared_ptr<HostedDataChannel> create_data_channel(const std::string& label,
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
  std::function<void(std::shared_ptr<HostedDataChannel>)> on_data_channel;

  // ---- the RTCPeerConnection attributes (copies, safe from any thread) ----
  std::optional<SessionDescription> local_description() const;
  std::optional<SessionDescription> remote_description() const;
  SignalingState signaling_state() const;
  IceGatheringState ice_gathering_state() const;
  IceConnectionState ice_connection_state() const;
  PeerConnectionState connection_state() const;
  // getStats (peer/stats.h).
  PeerConnectionStats get_stats() const;

  // The addresses the host's sockets are bound to.
  std::vector<SocketAddress> local_addresses() const;
  // The UDP payloads sent and received so far, by layer: STUN, DTLS handshake, DTLS
  // application data (net/traffic.h).
  Traffic traffic_sent() const;
  Traffic traffic_received() const;

  // The sans-IO connection itself, for inspection (its ICE agent, its DTLS transport). On the
  // loop thread only: the loop thread changes it at any moment.
  const PeerConnection& connection() const;

 private:
  // The connection, its sockets and its Driver: created, used and destroyed on the loop thread
  // (peer_host.cpp). The methods above hand their work to it through loop_.invoke().
  class Core;
  template <typename Task>
  auto on_loop(Task&& task) const -> std::invoke_result_t<Task&> {
    return loop_.invoke(std::forward<Task>(task));
  }

  EventLoop& loop_;
  std::unique_ptr<Core> core_;
};

}  // namespace lucid::net
