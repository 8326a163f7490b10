"""The relay: the HTTP server the page talks to, and the lucid program it talks for.

The page and the lucid program never see each other; the relay carries their one-line blobs:
what the program prints is what the page gets from GET /blob, what the page POSTs to /blob is
what the program reads on stdin. tests/interop/README.md lists every endpoint.
"""
import base64
import binascii
import json
import os
import re
import signal
import subprocess
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import namespace

LONG_POLL_SECONDS = 10.0
SAFE_NAME = re.compile(r"^[A-Za-z0-9._-]+$")
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                 ".css": "text/css; charset=utf-8", ".json": "application/json",
                 ".sdp": "application/sdp"}


def decode_blob(line):
    """The description a blob line carries, or None if the line is not a blob.

    A blob is base64 of the JSON {"type": "offer"|"answer", "sdp": "..."}, on one line.
    """
    line = line.strip()
    if len(line) < 16 or not re.fullmatch(r"[A-Za-z0-9+/]+={0,2}", line):
        return None
    try:
        description = json.loads(base64.b64decode(line, validate=True).decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(description, dict) or not isinstance(description.get("sdp"), str) \
            or description.get("type") not in ("offer", "answer", "pranswer", "rollback"):
        return None
    return description


def as_text(value):
    """Result values are compared as text: true/false, numbers as written, strings as they are."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float, str)):
        return str(value)
    return json.dumps(value)


class RunState:
    """Everything the page, the program and the harness share during one run."""

    def __init__(self, args, work):
        self.args = args
        self.work = work
        self.t0 = time.monotonic()
        self.lock = threading.Condition()
        self.closing = False
        self.blobs = []            # blob lines the program printed, in order
        self.blobs_taken = 0       # how many of them the page has fetched
        self.stdout_lines = []     # the program's other stdout lines
        self.program = None
        self.program_done = False  # its stdout reached EOF
        self.page_result = {}
        self.lucid_results = {}
        self.result_arrived = threading.Event()
        self.blob_count = 0
        self.harness_log = open(os.path.join(work, "harness.log"), "a", buffering=1)
        self.page_log = open(os.path.join(work, "page.log"), "a", buffering=1)

    def stamp(self):
        return f"{time.monotonic() - self.t0:7.3f}"

    def log(self, text):
        self.harness_log.write(f"{self.stamp()} {text}\n")

    def save_blob(self, source, description):
        self.blob_count += 1
        name = f"blob{self.blob_count}-{source}-{description['type']}.sdp"
        with open(os.path.join(self.work, name), "w", newline="") as f:
            f.write(description["sdp"])
        self.log(f"{source} sent a blob: {description['type']} ({len(description['sdp'])} bytes of SDP, saved as {name})")

    # The program's side.
    def program_line(self, line):
        description = decode_blob(line)
        with self.lock:
            if description is not None:
                self.save_blob("lucid", description)
                self.blobs.append(line.strip())
            elif line.startswith("RESULT "):
                key, _, value = line[len("RESULT "):].strip().partition("=")
                self.lucid_results[key.strip()] = value.strip()
                self.stdout_lines.append(line)
            else:
                self.stdout_lines.append(line)
            self.lock.notify_all()

    def program_eof(self):
        with self.lock:
            self.program_done = True
            self.lock.notify_all()

    def set_lucid_result(self, key, value):
        with self.lock:
            self.lucid_results[key] = value

    def results(self):
        """The page's result and the program's, as text, program keys prefixed with lucid."""
        with self.lock:
            merged = {k: as_text(v) for k, v in self.page_result.items()}
            merged.update({f"lucid.{k}": v for k, v in self.lucid_results.items()})
            return merged

    def wait_for(self, ready, seconds=LONG_POLL_SECONDS):
        deadline = time.monotonic() + seconds
        with self.lock:
            while not ready() and not self.closing:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.lock.wait(left)
            return ready()


class Handler(BaseHTTPRequestHandler):
    server_version = "lucid-harness"

    def log_message(self, fmt, *args):
        self.server.state.log("http: " + fmt % args)

    def reply(self, code, body=b"", content_type="text/plain; charset=utf-8"):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length).decode("utf-8")

    def do_GET(self):
        state = self.server.state
        url = urllib.parse.urlparse(self.path)
        if url.path == "/run":
            return self.reply(200, json.dumps({
                "browser": state.args.browser, "role": state.args.role, "page": state.args.page,
                "params": state.args.param, "lucid": bool(state.args.lucid)}), "application/json")
        if url.path == "/blob":
            return self.get_blob(state)
        if url.path == "/stdout":
            start = int(urllib.parse.parse_qs(url.query).get("from", ["0"])[0])
            state.wait_for(lambda: len(state.stdout_lines) > start or state.program_done)
            with state.lock:
                lines = state.stdout_lines[start:]
                return self.reply(200, json.dumps({"lines": lines, "next": start + len(lines),
                                                   "exited": state.program_done}), "application/json")
        name = url.path.lstrip("/")
        path = os.path.join(self.server.pages_dir, name)
        if all(SAFE_NAME.match(part) for part in name.split("/")) and os.path.isfile(path):
            with open(path, "rb") as f:
                return self.reply(200, f.read(), CONTENT_TYPES.get(os.path.splitext(name)[1], "application/octet-stream"))
        return self.reply(404, f"no {url.path}\n")

    def get_blob(self, state):
        if state.program is None:
            return self.reply(409, "this run has no lucid program (--lucid)\n")
        have = state.wait_for(lambda: len(state.blobs) > state.blobs_taken or state.program_done)
        with state.lock:
            if len(state.blobs) > state.blobs_taken:
                state.blobs_taken += 1
                return self.reply(200, state.blobs[state.blobs_taken - 1] + "\n")
        if have:  # the program's stdout ended with no blob left to give
            return self.reply(410, "the lucid program closed its stdout without printing a blob\n")
        return self.reply(204)

    def do_POST(self):
        state = self.server.state
        url = urllib.parse.urlparse(self.path)
        text = self.body()
        if url.path == "/log":
            state.page_log.write(f"{state.stamp()} {text}\n")
            return self.reply(200)
        if url.path == "/result":
            try:
                result = json.loads(text)
                assert isinstance(result, dict)
            except (ValueError, AssertionError):
                return self.reply(400, "the result must be a JSON object\n")
            with state.lock:
                state.page_result = result
            state.log(f"page result: {text}")
            state.result_arrived.set()
            return self.reply(200)
        if url.path == "/artifact":
            name = urllib.parse.parse_qs(url.query).get("name", [""])[0]
            if not SAFE_NAME.match(name):
                return self.reply(400, "artifact?name= wants a plain file name\n")
            folder = state.args.artifacts or os.path.join(state.work, "artifacts")
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, name), "w", newline="") as f:
                f.write(text)
            state.log(f"page uploaded {name} ({len(text)} characters)")
            return self.reply(200)
        if url.path in ("/blob", "/stdin"):
            line = text.strip()
            if url.path == "/blob":
                description = decode_blob(line)
                if description is None:
                    return self.reply(400, "not a blob: base64 of {\"type\":...,\"sdp\":...}\n")
                state.save_blob("page", description)
            if state.program is None:
                return self.reply(409, "this run has no lucid program (--lucid)\n")
            if "\n" in line or not state.program.write_line(line):
                return self.reply(410, "the lucid program's stdin is closed\n")
            return self.reply(200)
        return self.reply(404, f"no {url.path}\n")


class RelayServer(ThreadingHTTPServer):
    daemon_threads = True

    def stop(self):
        with self.state.lock:
            self.state.closing = True
            self.state.lock.notify_all()
        self.shutdown()
        self.server_close()


def start_server(ns, pages_dir, state):
    """Starts the relay on 127.0.0.1 of the namespace, on a free port."""
    server = namespace.socket_in(ns, lambda: RelayServer(("127.0.0.1", 0), Handler))
    server.state = state
    server.pages_dir = pages_dir
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="relay",
                     daemon=True).start()
    state.log(f"relay serving {pages_dir} on http://127.0.0.1:{server.server_address[1]}/ in {ns}")
    return server


class LucidProgram:
    """The lucid program, inside the namespace, its stdin and stdout wired to the relay."""

    def __init__(self, ns, argv, work, state):
        self.state = state
        self.write_lock = threading.Lock()
        self.stdout_log = open(os.path.join(work, "lucid.stdout.log"), "wb")
        self.stderr_log = open(os.path.join(work, "lucid.stderr.log"), "wb")
        state.log(f"lucid: {' '.join(argv)}")
        self.proc = subprocess.Popen(namespace.exec_prefix(ns) + argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.stderr_log,
                                     start_new_session=True)
        state.program = self
        self.reader = threading.Thread(target=self.read_stdout, name="lucid-stdout", daemon=True)
        self.reader.start()

    def read_stdout(self):
        for raw in self.proc.stdout:
            self.stdout_log.write(raw)
            self.stdout_log.flush()
            self.state.program_line(raw.decode("utf-8", "replace").rstrip("\r\n"))
        self.state.program_eof()

    def write_line(self, line):
        with self.write_lock:
            try:
                self.proc.stdin.write(line.encode("utf-8") + b"\n")
                self.proc.stdin.flush()
                return True
            except (BrokenPipeError, ValueError, OSError):
                return False

    def poll(self):
        return self.proc.poll()

    def finish(self, grace):
        """Closes stdin (the program's cue that the run is over); its exit status, or None."""
        with self.write_lock:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
        try:
            code = self.proc.wait(grace)
        except subprocess.TimeoutExpired:
            self.state.log(f"lucid: still running {grace:g} s after its stdin closed")
            return None
        self.reader.join(2)
        return code

    def stop(self):
        if self.proc.poll() is None:
            for sig, wait in ((signal.SIGTERM, 1.0), (signal.SIGKILL, 5.0)):
                try:
                    os.killpg(self.proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    pass
        self.reader.join(2)
        for f in (self.proc.stdin, self.stdout_log, self.stderr_log):
            try:
                f.close()
            except OSError:
                pass
