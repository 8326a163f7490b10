// DataChannelLink: what a DataChannel handle calls into — the connection's SCTP transport
// (peer/sctp_transport.h). Internal to peer; an application never sees it.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "common/bytes.h"
#include "peer/data_channel.h"

namespace lucid {

class DataChannelLink {
 public:
  virtual void send(DataChannel& channel, BytesView data, bool binary) = 0;
  virtual void close(DataChannel& channel) = 0;
  virtual std::size_t buffered_amount(const DataChannel& channel) const = 0;
  virtual void set_buffered_amount_low_threshold(DataChannel& channel, std::size_t threshold) = 0;

 protected:
  ~DataChannelLink() = default;

  // The link owns the channel's changing state: id, readyState, and whether it is attached.
  std::shared_ptr<DataChannel> make_channel(std::string label, DataChannelInit init) {
    return std::shared_ptr<DataChannel>(new DataChannel(std::move(label), std::move(init), this));
  }
  static void set_id(DataChannel& channel, std::uint16_t id) { channel.id_ = id; }
  static void set_state(DataChannel& channel, DataChannelState state) { channel.state_ = state; }
  static void detach(DataChannel& channel) {
    channel.link_ = nullptr;
    channel.state_ = DataChannelState::Closed;
  }
};

}  // namespace lucid
