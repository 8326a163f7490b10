// Marker functions for the gdb walks of docs/debugging.md (scripts/gdb-walks). A walk program
// calls one just before the step a listing shows; the script's breakpoint on the marker enables
// the breakpoints of that step, so that each listing is the first hit after it, run after run.
#pragma once

namespace lucid::walk {

// noinline and with a side effect gdb cannot see through, so that each one stays a function of
// its own with an address to break on, also in an optimised build.
[[gnu::noinline]] inline void walk_marker_connecting() { asm volatile(""); }
[[gnu::noinline]] inline void walk_marker_sending() { asm volatile(""); }

}  // namespace lucid::walk
