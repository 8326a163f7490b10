"""--pcap FILE: tshark records every packet in the run's namespace (shared/BROWSERS.md, Servers).

It captures on all interfaces of the namespace (lo, v0, v1) except the relay's own HTTP traffic,
so the file holds what the browser and lucid sent each other: STUN, DTLS, and with a key log
the SCTP and DCEP inside. Open it with tshark or Wireshark (BROWSERS.md says how to decrypt).
"""
import os
import select
import shutil
import signal
import subprocess
import time

from . import namespace


class Capture:
    def __init__(self, ns, path, relay_port, log_path, state):
        if shutil.which("tshark") is None:
            raise RuntimeError("--pcap needs tshark (Debian package tshark, in scripts/setup)")
        self.path = os.path.abspath(path)
        self.state = state
        self.log = open(log_path, "wb")
        argv = ["tshark", "-i", "any", "-w", self.path, "-f", f"not tcp port {relay_port}"]
        state.log(f"capture: {' '.join(argv)}")
        self.proc = subprocess.Popen(namespace.exec_prefix(ns) + argv, stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=subprocess.PIPE,
                                     start_new_session=True)
        self._wait_until_capturing(10.0)

    def _wait_until_capturing(self, seconds):
        """tshark says "Capturing on ..." once it records; packets sent before are lost."""
        deadline = time.monotonic() + seconds
        seen = b""
        while b"Capturing on" not in seen:
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                raise RuntimeError(f"tshark did not start capturing: {seen.decode(errors='replace').strip()}")
            ready, _, _ = select.select([self.proc.stderr], [], [], left)
            if ready:
                chunk = os.read(self.proc.stderr.fileno(), 4096)
                if not chunk:
                    continue
                seen += chunk
                self.log.write(chunk)
        self.state.log(f"capture: recording to {self.path}")

    def stop(self):
        """SIGINT lets tshark write out what it holds; SIGKILL only if it will not stop."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGINT)
                self.proc.wait(5)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(5)
        rest = self.proc.stderr.read() if self.proc.stderr else b""
        self.log.write(rest or b"")
        self.log.close()
        self.proc.stderr.close()
