// Prints a parsed STUN message the way a learner reads a packet: every field's bytes in hex on
// the left, what they mean on the right, offsets from the start of the datagram.
#pragma once

#include <ostream>

#include "stun/message.h"

namespace lucid::examples {

// `message` must come from stun::parse() (the printer walks its raw bytes).
void print_message(std::ostream& out, const stun::Message& message);

}  // namespace lucid::examples
