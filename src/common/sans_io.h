// The sans-IO shape (shared/DESIGN.md), named once and checked on every layer.
//
// A lucid layer never opens a socket, starts a thread or reads a clock. Whoever drives it (a
// test with a fake clock and a simulated network, the layer above, or src/net on real sockets)
// does the same five things with it, in a loop:
//
//   layer.handle_input(input, now);      something arrived (a datagram, a record, a packet)
//   while (auto out = layer.poll_transmit()) send(*out);       what it wants sent
//   while (auto event = layer.poll_event()) handle(*event);     what happened
//   wake up at layer.poll_timeout() and call layer.handle_timeout(now)
//
// Each layer states that it has this shape next to its class, e.g.
//   static_assert(SansIo<dtls::Transport, BytesView, Bytes>);
// so that a change which breaks it fails to compile where the layer is declared.
//
// Two rules the compiler cannot check, kept by every layer: a failure is a state or an event,
// never an exception out of handle_input or handle_timeout; and events are delivered through
// poll_event, never called back from inside a call, so a handler installed right after a call
// still sees what the call caused.
#pragma once

#include <concepts>
#include <optional>

#include "common/time.h"

namespace lucid {

// The timer half of the shape: something to send, and when to be woken. A STUN client
// transaction (stun/transaction.h) is only this: it retransmits a request on its RTO schedule,
// and whoever owns it (an ICE check, later a TURN allocation) matches the answers to it.
template <typename Part, typename Output>
concept SansIoTimer = requires(Part& part, const Part& seen, Timestamp now) {
  { part.poll_transmit() } -> std::same_as<std::optional<Output>>;
  { seen.poll_timeout() } -> std::same_as<std::optional<Timestamp>>;
  part.handle_timeout(now);
};

// A whole layer: the timer half, plus input in and events out.
template <typename Layer, typename Input, typename Output>
concept SansIo = SansIoTimer<Layer, Output> && requires(Layer& layer, Input input, Timestamp now) {
  layer.handle_input(input, now);
  { layer.poll_event().has_value() } -> std::same_as<bool>;
};

}  // namespace lucid
