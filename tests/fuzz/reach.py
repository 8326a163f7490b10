#!/usr/bin/env python3
"""How deep a fuzz corpus reaches: runs a libFuzzer binary of build-fuzz once on a baseline
input and once on a corpus, with -print_coverage=1, and prints the edges covered in the source
files whose path contains one of PATHS, per function, where the corpus covers more.

  tests/fuzz/reach.py build-fuzz/tests/fuzz/fuzz_peer_session build-fuzz/fuzz-corpus/peer_session \\
      src/sctp src/peer/sctp_transport

For peer_session the baseline is one input with no frames: the connection and its data channel
alone; what the corpus adds is what the fuzzed SCTP packets reach. (usrsctp is a shared library
without instrumentation: only lucid's code is counted.)"""
import os, re, subprocess, sys, tempfile

binary, corpus, *paths = sys.argv[1:]
line_re = re.compile(r"^COVERED_FUNC: hits: \d+ edges: (\d+)/(\d+) (.*) (/\S+)$")


def coverage(inputs):
    env = dict(os.environ, ASAN_SYMBOLIZER_PATH="/usr/lib/llvm-14/bin/llvm-symbolizer")
    out = subprocess.run([binary, "-print_coverage=1", "-runs=0", *inputs], env=env,
                         capture_output=True, text=True).stderr
    edges = {}
    for line in out.splitlines():
        m = line_re.match(line)
        if m and any(p in m.group(4) for p in paths):
            edges[m.group(4)] = (int(m.group(1)), int(m.group(2)), m.group(3))
    return edges


with tempfile.TemporaryDirectory() as empty:
    open(os.path.join(empty, "no-frames"), "wb").write(b"x")
    base = coverage([empty])
full = coverage([corpus])
total = sum(t for _, t, _ in full.values())
print(f"edges covered in {', '.join(paths)}: baseline {sum(e for e, _, _ in base.values())}, "
      f"corpus {sum(e for e, _, _ in full.values())} (of {total} in the functions reached)")
for where, (e, t, name) in sorted(full.items()):
    e0 = base.get(where, (0,))[0]
    if e != e0:
        print(f"  {e0:4} -> {e:4} of {t:4}  {where.split('/')[-1]}  {name[:70]}")
