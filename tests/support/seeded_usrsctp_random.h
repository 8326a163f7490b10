// usrsctp's randomness drawn from a seed, for a test that must see the same SCTP bytes twice.
//
// usrsctp takes its verification tags, initial TSNs and cookie secrets from read_random(), which
// reads /dev/urandom. libusrsctp calls it through its PLT, so a test binary that links the
// lucid_test_seeded_usrsctp_random library replaces it (seeded_usrsctp_random.cpp), the way
// fake_wall_clock.h replaces gettimeofday(). Reseed before each run that must repeat.
#pragma once

#include <cstdint>

namespace lucid::test {

// From now on read_random() gives the bytes of a std::mt19937_64 seeded with `seed`.
void seed_usrsctp_random(std::uint64_t seed);

}  // namespace lucid::test
