#include "net/peer_host.h"

#include <stdexcept>

#include "common/trace.h"

namespace lucid::net {

namespace {

std::vector<UdpSocket> bind_sockets(const PeerHostOptions& options) {
  std::vector<UdpSocket> sockets;
  for (const auto& interface : interface_addresses(options.interfaces)) {
    const unsigned scope = interface.address.is_link_local() ? interface.index : 0;
    auto socket = options.ports ? UdpSocket::bind(interface.address, *options.ports, scope)
                                : UdpSocket::bind(SocketAddress{interface.address, 0}, scope);
    if (!socket) {
      LUCID_TRACE("net", "no socket on ", interface.name, " ", interface.address.to_string(), ": ",
                  socket.error().message());
      continue;
    }
    sockets.push_back(std::move(*socket));
  }
  if (sockets.empty())
    throw std::runtime_error("PeerHost: no interface address to bind a UDP socket to");
  return sockets;
}

}  // namespace

// Everything a running connection is made of. The loop thread creates it, drives it (socket
// readable, timer due) and destroys it; PeerHost's methods reach it through loop_.invoke().
class PeerHost::Core {
 public:
  Core(PeerHost& host, EventLoop& loop, PeerConnectionConfiguration configuration,
       const PeerHostOptions& options)
      : host_(host),
        loop_(loop),
        name_(configuration.name),
        pc_(std::move(configuration)),
        driver_(loop, pc_) {
    for (auto& socket : bind_sockets(options))
      pc_.add_local_address(driver_.add_socket(std::move(socket)));
    driver_.set_after_service([this] { deliver_events(); });
    driver_.set_trace_scope(name_, pc_.configuration().trace);
    if (!options.pcap_path.empty()) {
      auto writer = PcapWriter::open(options.pcap_path);
      if (!writer) throw std::runtime_error("PeerHost: " + writer.error().message());
      capture_.emplace(std::move(*writer));
      driver_.set_capture(&*capture_);
    }
  }

  ~Core() {
    // A channel the application still holds outlives the host: it must not reach the Driver.
    for (auto& [peer_channel, channel] : channels_) channel->detach();
  }

  PeerConnection& pc() { return pc_; }
  Driver& driver() { return driver_; }

  std::shared_ptr<HostedDataChannel> wrap(const std::shared_ptr<lucid::DataChannel>& channel) {
    auto& wrapped = channels_[channel.get()];
    if (!wrapped) wrapped = std::make_shared<HostedDataChannel>(channel, &driver_, &loop_);
    return wrapped;
  }

 private:
  void deliver_events();

  PeerHost& host_;  // whose callbacks the events go to
  EventLoop& loop_;
  std::string name_;  // the configuration's name, for the trace (before pc_, which takes it over)
  PeerConnection pc_;
  std::optional<PcapWriter> capture_;
  Driver driver_;
  // The net face of every channel not yet closed, by the peer channel it wraps.
  std::map<const lucid::DataChannel*, std::shared_ptr<HostedDataChannel>> channels_;
  bool delivering_ = false;  // inside deliver_events()
};

PeerHost::PeerHost(EventLoop& loop, PeerConnectionConfiguration configuration,
                   PeerHostOptions options)
    : loop_(loop) {
  core_ = on_loop([&] {
    return std::make_unique<Core>(*this, loop, std::move(configuration), options);
  });
}

PeerHost::~PeerHost() {
  // The sockets are unwatched and the timer cancelled on the loop thread, between two of its
  // callbacks, never under one of them.
  on_loop([this] { core_.reset(); });
}

// Each method: the work, on the loop thread; then the Driver sends what the work queued and
// re-arms the timer (service), which also delivers the events the work caused.

SessionDescription PeerHost::create_offer() {
  return on_loop([&] { return core_->pc().create_offer(); });
}

SessionDescription PeerHost::create_answer() {
  return on_loop([&] { return core_->pc().create_answer(); });
}

void PeerHost::set_local_description(const SessionDescription& description) {
  on_loop([&] {
    core_->pc().set_local_description(description, EventLoop::now());
    core_->driver().service();
  });
}

Status PeerHost::set_remote_description(const SessionDescription& description) {
  return on_loop([&] {
    auto status = core_->pc().set_remote_description(description, EventLoop::now());
    core_->driver().service();
    return status;
  });
}

Status PeerHost::add_ice_candidate(const IceCandidateInit& candidate) {
  return on_loop([&] {
    auto status = core_->pc().add_ice_candidate(candidate, EventLoop::now());
    core_->driver().service();
    return status;
  });
}

void PeerHost::close() {
  on_loop([&] {
    core_->pc().close();
    core_->driver().service();
  });
}

std::shared_ptr<HostedDataChannel> PeerHost::create_data_channel(const std::string& label,
                                                           const DataChannelInit& init) {
  return on_loop([&] {
    auto channel = core_->wrap(core_->pc().create_data_channel(label, init));
    core_->driver().service();
    return channel;
  });
}

std::optional<SessionDescription> PeerHost::local_description() const {
  return on_loop([&] { return core_->pc().local_description(); });
}
std::optional<SessionDescription> PeerHost::remote_description() const {
  return on_loop([&] { return core_->pc().remote_description(); });
}
SignalingState PeerHost::signaling_state() const {
  return on_loop([&] { return core_->pc().signaling_state(); });
}
IceGatheringState PeerHost::ice_gathering_state() const {
  return on_loop([&] { return core_->pc().ice_gathering_state(); });
}
IceConnectionState PeerHost::ice_connection_state() const {
  return on_loop([&] { return core_->pc().ice_connection_state(); });
}
PeerConnectionState PeerHost::connection_state() const {
  return on_loop([&] { return core_->pc().connection_state(); });
}
PeerConnectionStats PeerHost::get_stats() const {
  return on_loop([&] { return core_->pc().get_stats(); });
}
std::vector<SocketAddress> PeerHost::local_addresses() const {
  return on_loop([&] { return core_->driver().local_addresses(); });
}
Traffic PeerHost::traffic_sent() const {
  return on_loop([&] { return core_->driver().sent(); });
}
Traffic PeerHost::traffic_received() const {
  return on_loop([&] { return core_->driver().received(); });
}
const PeerConnection& PeerHost::connection() const { return core_->pc(); }

void PeerHost::Core::deliver_events() {
  // A callback that calls send() makes the Driver service again, which lands here: the outer
  // call keeps delivering, so the events still come one at a time and in order.
  if (delivering_) return;
  delivering_ = true;
  struct Done {
    bool& flag;
    ~Done() { flag = false; }
  } done{delivering_};
  while (auto event = pc_.poll_event()) {
    if (auto* c = std::get_if<IceCandidateEvent>(&*event)) {
      if (host_.on_ice_candidate) host_.on_ice_candidate(*c);
    } else if (auto* error = std::get_if<IceCandidateErrorEvent>(&*event)) {
      if (host_.on_ice_candidate_error) host_.on_ice_candidate_error(*error);
    } else if (auto* g = std::get_if<IceGatheringStateChangeEvent>(&*event)) {
      if (host_.on_ice_gathering_state_change) host_.on_ice_gathering_state_change(g->state);
    } else if (auto* s = std::get_if<IceConnectionStateChangeEvent>(&*event)) {
      if (host_.on_ice_connection_state_change) host_.on_ice_connection_state_change(s->state);
    } else if (auto* sig = std::get_if<SignalingStateChangeEvent>(&*event)) {
      if (host_.on_signaling_state_change) host_.on_signaling_state_change(sig->state);
    } else if (auto* pcs = std::get_if<ConnectionStateChangeEvent>(&*event)) {
      if (host_.on_connection_state_change) host_.on_connection_state_change(pcs->state);
    } else if (auto* dc = std::get_if<DataChannelEvent>(&*event)) {
      auto channel = wrap(dc->channel);
      if (host_.on_data_channel) host_.on_data_channel(channel);
    } else if (auto* open = std::get_if<DataChannelOpenEvent>(&*event)) {
      wrap(open->channel)->deliver_open();
    } else if (auto* m = std::get_if<DataChannelMessageEvent>(&*event)) {
      auto channel = wrap(m->channel);
      if (channel->on_message) channel->on_message(m->message);
    } else if (auto* low = std::get_if<BufferedAmountLowEvent>(&*event)) {
      auto channel = wrap(low->channel);
      if (channel->on_buffered_amount_low) channel->on_buffered_amount_low();
    } else if (auto* error = std::get_if<DataChannelErrorEvent>(&*event)) {
      auto channel = wrap(error->channel);
      if (channel->on_error) channel->on_error(error->error);
    } else if (auto* closing = std::get_if<DataChannelClosingEvent>(&*event)) {
      auto channel = wrap(closing->channel);
      if (channel->on_closing) channel->on_closing();
    } else if (auto* closed = std::get_if<DataChannelCloseEvent>(&*event)) {
      auto channel = wrap(closed->channel);
      // The host lets go of a closed channel; the application may still hold it.
      channels_.erase(closed->channel.get());
      if (channel->on_close) channel->on_close();
    }
  }
}

}  // namespace lucid::net
