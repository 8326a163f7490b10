#!/usr/bin/env python3
"""The browser interop harness: one real browser, one lucid program, one page, one private network.

    harness.py --browser chromium|firefox --role browser-offers|lucid-offers --page PAGE
               [--lucid "CMD ARGS"] [--timeout SECONDS] [--expect KEY=VALUE ...]
               [--param KEY=VALUE ...] [--fake-media] [--artifacts DIR] [--keep-logs DIR]
               [--pcap FILE] [--verbose]

A run makes a network namespace of its own (a veth pair with both ends inside, as
shared/BROWSERS.md shows, so that every ICE candidate is one of ours), serves tests/interop/pages
from a small HTTP server inside it, starts the lucid program and a headless browser with a fresh
profile inside it, relays the one-line description blobs between the page and the program, and
waits, bounded, for the page to POST its result. Whatever happens (pass, fail, timeout, Ctrl-C,
SIGTERM) every process it started and the namespace and temp files are gone when it returns.

The blob is the copy-paste form of WebRTC tutorials: base64 of {"type":"offer"|"answer","sdp":..}.
The lucid program prints blob lines on stdout and reads them on stdin; in lucid-offers it prints
its offer first and reads the answer, in browser-offers it reads the offer and prints its answer.
Other stdout lines are logged; "RESULT key=value" lines become results named lucid.key.
tests/interop/README.md is the manual: the HTTP interface of the relay, the page helpers in
pages/harness.js, exit statuses and how to add a page.

Python 3 standard library only. Needs root (ip netns).
"""
import argparse
import os
import re
import shlex
import shutil
import signal
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness_lib import browsers, capture, namespace, relay  # noqa: E402

PAGES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pages")

# Exit statuses: what a caller (ctest, a script, a person) can tell apart without reading logs.
EXIT_PASS = 0
EXIT_EXPECTATION = 1   # the page reported, but the results do not satisfy --expect
EXIT_USAGE = 2         # bad command line, page not found, browser not installed
EXIT_TIMEOUT = 3       # no result from the page within --timeout
EXIT_BROWSER = 4       # the browser exited before the page reported (crash, bad flags)
EXIT_PROGRAM = 5       # the lucid program failed before the page reported
EXIT_INTERRUPTED = 6   # Ctrl-C or SIGTERM
EXIT_SKIP = 77         # cannot run here (not root): ctest shows the test as skipped


class Interrupted(Exception):
    pass


class Failure(Exception):
    def __init__(self, status, reason):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def parse_pairs(pairs, option):
    result = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key or key == "~":
            raise Failure(EXIT_USAGE, f"{option} wants KEY=VALUE, got {pair!r}")
        result[key] = value
    return result


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--browser", required=True, choices=["chromium", "firefox"])
    p.add_argument("--role", required=True, choices=["browser-offers", "lucid-offers"],
                   help="who creates the offer")
    p.add_argument("--page", required=True, help="a file in tests/interop/pages, e.g. sdp_accept.html")
    p.add_argument("--lucid", default="", help='the lucid program and its arguments, e.g. "build/tests/interop/sdp_peer --role answer"; optional for pages that need none')
    p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the page's result (default 30)")
    p.add_argument("--expect", action="append", default=[], metavar="KEY=VALUE",
                   help="a result the run must have (KEY~=REGEX: its value matches REGEX); "
                        "page keys as the page names them, "
                        "lucid.KEY from the program's RESULT lines, lucid.exit its exit status. "
                        "Defaults: ok=true and (with --lucid) lucid.exit=0")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="passed to the page (harness.params in pages/harness.js)")
    p.add_argument("--fake-media", action="store_true",
                   help="fake camera and microphone, permission granted without asking")
    p.add_argument("--artifacts", metavar="DIR", help="where files the page uploads are written")
    p.add_argument("--keep-logs", metavar="DIR", help="copy every log of the run into DIR")
    p.add_argument("--pcap", metavar="FILE", help="record the run's packets with tshark into FILE")
    p.add_argument("--verbose", action="store_true", help="print the logs even when the run passes")
    args = p.parse_args(argv)
    args.expect = parse_pairs(args.expect, "--expect")
    args.param = parse_pairs(args.param, "--param")
    args.expect.setdefault("ok", "true")
    if args.lucid:
        args.expect.setdefault("lucid.exit", "0")
    return args


def install_signal_handlers():
    def interrupted(signum, _frame):
        raise Interrupted(signal.Signals(signum).name)
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, interrupted)


def ignore_signals_during_cleanup():
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, signal.SIG_IGN)


def check_page_result(args, run):
    """Compares the results against --expect; returns the list of mismatches."""
    results = run.results()
    problems = []
    for key, want in args.expect.items():
        if key.endswith("~"):  # KEY~=REGEX: the whole value matches the regular expression
            got = results.get(key[:-1])
            if got is None or not re.fullmatch(want, got):
                problems.append(f"{key[:-1]}: expected to match {want!r}, got {got!r}")
        elif results.get(key) != want:
            problems.append(f"{key}: expected {want!r}, got {results.get(key)!r}")
    if results.get("ok") != "true" and "error" in results:
        problems.insert(0, f"page error: {results['error']}")
    return problems


def wait_for_result(args, run, browser_proc, program):
    """Waits for the page's POST /result, watching the two processes while it waits."""
    deadline = time.monotonic() + args.timeout
    while not run.result_arrived.wait(0.1):
        if time.monotonic() > deadline:
            raise Failure(EXIT_TIMEOUT, f"timeout: the page reported no result within {args.timeout:g} s")
        code = browser_proc.poll()
        if code is not None and not run.result_arrived.is_set():
            raise Failure(EXIT_BROWSER, f"the browser exited with status {code} before the page reported")
        if program is not None:
            code = program.poll()
            if code is not None and str(code) != args.expect.get("lucid.exit", "0") \
                    and not run.result_arrived.is_set():
                raise Failure(EXIT_PROGRAM, f"the lucid program exited with status {code} before the page reported")
    return deadline


def run_once(args, work, ns, started):
    """One run inside namespace `ns`; returns normally on pass, raises Failure otherwise."""
    t0 = time.monotonic()
    state = relay.RunState(args, work)
    server = relay.start_server(ns, PAGES_DIR, state)
    started.append(server)
    port = server.server_address[1]

    if args.pcap:
        try:
            started.append(capture.Capture(ns, args.pcap, port, os.path.join(work, "tshark.log"), state))
        except RuntimeError as e:
            raise Failure(EXIT_USAGE, str(e)) from e

    program = None
    if args.lucid:
        program = relay.LucidProgram(ns, shlex.split(args.lucid), work, state)
        started.append(program)

    url = f"http://127.0.0.1:{port}/{args.page}"
    command = browsers.command(args.browser, os.path.join(work, "profile"), url, args.fake_media)
    state.log(f"browser: {' '.join(command)}")
    browser_proc = browsers.start(ns, command, os.path.join(work, "browser.log"))
    started.append(browser_proc)
    t_browser = time.monotonic()

    deadline = wait_for_result(args, state, browser_proc, program)
    t_result = time.monotonic()
    state.log(f"result after {t_result - t0:.2f} s (browser start to result {t_result - t_browser:.2f} s)")
    browser_proc.stop()

    if program is not None:
        # The page is done; closing stdin tells the program so (caller/callee exit on EOF).
        grace = max(1.0, min(5.0, deadline - time.monotonic()))
        code = program.finish(grace)
        state.set_lucid_result("exit", "timeout" if code is None else str(code))

    problems = check_page_result(args, state)
    timing = f"{time.monotonic() - t0:.2f} s (browser start to page result {t_result - t_browser:.2f} s)"
    if problems:
        raise Failure(EXIT_EXPECTATION, "; ".join(problems) + f" [after {timing}]")
    return timing, state


def print_logs(work):
    for name in ("harness.log", "page.log", "lucid.stdout.log", "lucid.stderr.log", "browser.log",
                 "tshark.log"):
        path = os.path.join(work, name)
        if not os.path.exists(path):
            continue
        with open(path, errors="replace") as f:
            lines = f.readlines()
        print(f"----- {name} ({len(lines)} lines{', last 150 shown' if len(lines) > 150 else ''}) -----")
        sys.stdout.writelines(lines[-150:])
    print("-----", flush=True)


def main(argv):
    try:
        args = parse_args(argv)
    except Failure as e:
        print(f"harness: {e.reason}", file=sys.stderr)
        return EXIT_USAGE
    if os.geteuid() != 0:
        print("harness: SKIP: needs root to make a network namespace (ip netns)")
        return EXIT_SKIP
    if not os.path.isfile(os.path.join(PAGES_DIR, args.page)):
        print(f"harness: no page {args.page} in {PAGES_DIR}", file=sys.stderr)
        return EXIT_USAGE
    if not browsers.installed(args.browser):
        print(f"harness: {args.browser} is not installed (scripts/setup installs it)", file=sys.stderr)
        return EXIT_USAGE

    label = f"{args.browser} {args.role} {args.page}"
    namespace.remove_stale()
    install_signal_handlers()
    work = None
    ns = None
    started = []
    status, reason, timing, state = EXIT_PASS, "", "", None
    try:
        work = tempfile.mkdtemp(prefix=f"{namespace.PREFIX}{os.getpid()}-")
        ns = namespace.create()
        timing, state = run_once(args, work, ns, started)
    except Failure as e:
        status, reason = e.status, e.reason
    except Interrupted as e:
        status, reason = EXIT_INTERRUPTED, f"interrupted by {e}"
    except Exception as e:  # a bug in the harness itself still cleans up
        status, reason = EXIT_USAGE, f"harness error: {type(e).__name__}: {e}"
        import traceback
        traceback.print_exc()
    finally:
        ignore_signals_during_cleanup()
        for thing in reversed(started):
            try:
                thing.stop()
            except Exception as e:
                print(f"harness: cleanup: {e}", file=sys.stderr)
        if ns is not None:
            namespace.destroy(ns)
        if work is not None:
            if args.keep_logs:
                os.makedirs(args.keep_logs, exist_ok=True)
                for name in os.listdir(work):
                    path = os.path.join(work, name)
                    if os.path.isfile(path):
                        shutil.copy(path, args.keep_logs)
                    elif name == "artifacts":  # not the browser's profile and home
                        shutil.copytree(path, os.path.join(args.keep_logs, name), dirs_exist_ok=True)
            if status != EXIT_PASS or args.verbose:
                print_logs(work)
            shutil.rmtree(work, ignore_errors=True)

    if status == EXIT_PASS:
        shown = " ".join(f"{k}={v}" for k, v in sorted(state.results().items())
                         if len(v) < 80 and "\n" not in v)
        print(f"harness: PASS {label} in {timing}\nharness: results: {shown}")
    else:
        print(f"harness: FAIL {label}: {reason}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
