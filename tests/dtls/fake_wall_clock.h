// Gives OpenSSL the test's fake clock.
//
// OpenSSL 3.0 times DTLS retransmissions with gettimeofday() and offers no way to give it another
// clock. The unit-test binary therefore defines gettimeofday() itself (fake_wall_clock.cpp), and
// the tests move it together with the `now` they pass to dtls::Transport. A test that waits
// 60 seconds for a retransmission then takes no real time and runs the same way every time.
// Only this test binary is affected; the library itself calls nothing of the sort.
#pragma once

#include "common/time.h"

namespace lucid::test {

// Makes gettimeofday() return `now` (plus a fixed epoch, so it looks like a real date).
void set_wall_clock(Timestamp now);

}  // namespace lucid::test
