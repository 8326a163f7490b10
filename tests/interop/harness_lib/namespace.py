"""A private network namespace per run (shared/BROWSERS.md, "A namespace that browsers accept").

Chromium gathers no ICE candidates in a namespace that has only `lo`; it does once an interface
has an address and a default route. A veth pair with both ends inside the namespace is enough,
and then every candidate a browser or lucid gathers is an address of this namespace: no packet of
an interop test can leave it.

Names are PREFIX<harness pid>-<random>, so parallel runs never clash and a later run can tell
the leftovers of a harness that was killed with SIGKILL (its pid is gone) and remove them.
"""
import ctypes
import glob
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import time

PREFIX = "lucidh-"
ADDRESS_A = "10.77.0.1"   # v0: the address the browser and lucid gather as host candidates
ADDRESS_B = "10.77.0.2"   # v1: the other end, the default route's gateway
CLONE_NEWNET = 0x40000000


def ip(*args, check=True):
    return subprocess.run(["ip", *args], check=check, capture_output=True, text=True)


def create():
    name = f"{PREFIX}{os.getpid()}-{secrets.token_hex(3)}"
    ip("netns", "add", name)
    try:
        for args in (["link", "set", "lo", "up"],
                     ["link", "add", "v0", "type", "veth", "peer", "name", "v1"],
                     ["addr", "add", f"{ADDRESS_A}/24", "dev", "v0"],
                     ["addr", "add", f"{ADDRESS_B}/24", "dev", "v1"],
                     ["link", "set", "v0", "up"],
                     ["link", "set", "v1", "up"],
                     ["route", "add", "default", "via", ADDRESS_B, "dev", "v0"]):
            ip("-n", name, *args)
    except subprocess.CalledProcessError as e:
        destroy(name)
        raise RuntimeError(f"cannot set up namespace {name}: {e.stderr.strip()}") from e
    return name


def exec_prefix(name):
    """The command prefix that runs a program inside the namespace.

    setpriv --pdeathsig KILL: if the harness itself is killed with SIGKILL (no cleanup can run),
    the kernel still kills the programs it started directly.
    """
    prefix = ["ip", "netns", "exec", name]
    if shutil.which("setpriv"):
        prefix += ["setpriv", "--pdeathsig", "KILL", "--"]
    return prefix


def socket_in(name, make_socket):
    """Calls make_socket() with this thread inside the namespace, so the socket belongs to it.

    A socket keeps the namespace it was created in, so the relay server can run in a thread of
    the harness while only the browser and the lucid program inside the namespace can reach it.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    own = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    target = os.open(f"/run/netns/{name}", os.O_RDONLY)
    try:
        if libc.setns(target, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f"setns into {name}")
        try:
            return make_socket()
        finally:
            if libc.setns(own, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns back to the harness's namespace")
    finally:
        os.close(own)
        os.close(target)


def pids(name):
    out = ip("netns", "pids", name, check=False).stdout
    return [int(p) for p in out.split()]


def kill_all(name, within=5.0):
    """SIGKILLs every process in the namespace (browser helpers included) until none is left."""
    deadline = time.monotonic() + within
    while True:
        left = pids(name)
        if not left or time.monotonic() > deadline:
            return left
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.05)


def destroy(name):
    left = kill_all(name)
    if left:
        print(f"harness: processes {left} in {name} would not die")
    ip("netns", "del", name, check=False)


def _alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def remove_stale():
    """Removes the namespaces and temp dirs of harness runs whose process no longer exists."""
    pattern = re.compile(rf"^{re.escape(PREFIX)}(\d+)-")
    for line in ip("netns", "list", check=False).stdout.splitlines():
        name = line.split()[0] if line.split() else ""
        m = pattern.match(name)
        if m and not _alive(int(m.group(1))):
            print(f"harness: removing namespace {name} left by a killed run")
            destroy(name)

    for path in glob.glob(os.path.join(tempfile.gettempdir(), PREFIX + "*")):
        m = pattern.match(os.path.basename(path))
        if m and not _alive(int(m.group(1))):
            shutil.rmtree(path, ignore_errors=True)
