#include "peer/data_channel.h"

#include <stdexcept>

#include "peer/data_channel_link.h"
#include "peer/signaling_state.h"

namespace lucid {

const char* to_string(DataChannelState state) {
  switch (state) {
    case DataChannelState::Connecting:
      return "connecting";
    case DataChannelState::Open:
      return "open";
    case DataChannelState::Closing:
      return "closing";
    case DataChannelState::Closed:
      return "closed";
  }
  return "?";
}

DataChannel::DataChannel(std::string label, DataChannelInit init, DataChannelLink* link)
    : label_(std::move(label)), init_(std::move(init)), link_(link) {
  if (init_.negotiated) id_ = init_.id;
}

DataChannel::~DataChannel() = default;

DataChannelState DataChannel::ready_state() const { return state_; }

std::size_t DataChannel::buffered_amount() const {
  return link_ ? link_->buffered_amount(*this) : 0;
}

void DataChannel::set_buffered_amount_low_threshold(std::size_t threshold) {
  low_threshold_ = threshold;
  if (link_) link_->set_buffered_amount_low_threshold(*this, threshold);
}

void DataChannel::send(const std::string& text) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  // webrtc-pc §6.2 send(): InvalidStateError unless open.
  if (state_ != DataChannelState::Open || !link_)
    throw InvalidStateError("DataChannel.send: the channel \"" + label_ + "\" is " +
                                 to_string(state_) + ", not open");
  link_->send(*this, BytesView(bytes, text.size()), false);
}

void DataChannel::send(BytesView data) {
  if (state_ != DataChannelState::Open || !link_)
    throw InvalidStateError("DataChannel.send: the channel \"" + label_ + "\" is " +
                                 to_string(state_) + ", not open");
  link_->send(*this, data, true);
}

void DataChannel::close() {
  // webrtc-pc §6.2 close(): nothing to do once closing or closed.
  if (state_ == DataChannelState::Closing || state_ == DataChannelState::Closed) return;
  if (link_) link_->close(*this);
}

}  // namespace lucid
