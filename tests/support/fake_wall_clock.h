// Gives OpenSSL and usrsctp the simulated clock (the lucid_test_fake_wall_clock library).
//
// OpenSSL 3.0 times DTLS retransmissions with gettimeofday() and offers no way to give it another
// clock; usrsctp reads gettimeofday() for RTT samples and to choose what a T3-rtx timeout resends.
// A test binary that links this library therefore defines gettimeofday() itself
// (fake_wall_clock.cpp): it returns the fake wall time that every SimClock moves
// (support/sim_clock.h), plus a fixed epoch so that it looks like a real date. A test that waits
// 60 seconds for a retransmission then takes no real time and runs the same way every time.
// Only a binary that links it is affected; the library itself calls nothing of the sort, and a
// binary that talks to real peers on real time must not link it.
#pragma once

#include "support/sim_clock.h"
