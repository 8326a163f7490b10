// What a page needs to talk to tests/interop/harness.py. Include it with
//   <script src="harness.js"></script>
// and run the page's test as  harness.run(async (config) => { ...; return {ok: true, ...}; });
// config is {browser, role, page, params, lucid}: role is "browser-offers" or "lucid-offers",
// params are the harness's --param KEY=VALUE pairs. The object the test returns is the page's
// result; harness.py compares it with its --expect KEY=VALUE list (ok=true by default).
// A thrown error becomes {ok: false, error: "<name>: <message>"}.
"use strict";

const harness = (() => {
  let config = null;
  let reported = false;
  let logChain = Promise.resolve();   // log lines reach the harness in the order they were written
  let stdoutCursor = 0;

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function post(path, body) {
    const response = await fetch(path, { method: "POST", body });
    if (!response.ok) {
      throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    }
    return response;
  }

  // "<name>: <message>", the way the browser names the error (InvalidAccessError, OperationError...).
  function describeError(e) {
    if (e && typeof e === "object" && "message" in e) return `${e.name || "Error"}: ${e.message}`;
    return String(e);
  }

  function log(...parts) {
    const text = parts.map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" ");
    console.log(text);
    logChain = logChain.then(() => post("/log", text)).catch(() => {});
  }

  // The copy-paste blob: base64 of the UTF-8 JSON {"type": ..., "sdp": ...}, one line.
  function encodeBlob(description) {
    const json = JSON.stringify({ type: description.type, sdp: description.sdp });
    const bytes = new TextEncoder().encode(json);
    let binary = "";
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary);
  }

  function decodeBlob(line) {
    const binary = atob(line.trim());
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const description = JSON.parse(new TextDecoder().decode(bytes));
    if (!description || typeof description.sdp !== "string" || typeof description.type !== "string") {
      throw new Error("the blob is not {type, sdp}");
    }
    return description;
  }

  // The next blob the lucid program printed, as {type, sdp}.
  async function receiveBlob() {
    for (;;) {
      const response = await fetch("/blob");
      if (response.status === 200) return decodeBlob(await response.text());
      if (response.status !== 204) throw new Error(`GET /blob: ${response.status} ${await response.text()}`);
    }
  }

  // Sends a description ({type, sdp}, e.g. pc.localDescription) to the lucid program's stdin.
  async function sendBlob(description) {
    await post("/blob", encodeBlob(description));
  }

  // Any other line for the program's stdin (a chat message, a command).
  async function sendLine(text) {
    await post("/stdin", text);
  }

  // The program's non-blob stdout lines printed since the last call; waits for at least one.
  // Returns {lines, exited}.
  async function readLines() {
    const response = await fetch(`/stdout?from=${stdoutCursor}`);
    const answer = await response.json();
    stdoutCursor = answer.next;
    return { lines: answer.lines, exited: answer.exited };
  }

  // Non-trickle signalling: wait until the description carries every candidate.
  async function iceGatheringComplete(pc, timeoutMs = 5000) {
    if (pc.iceGatheringState === "complete") return;
    await Promise.race([
      new Promise((resolve) => {
        pc.addEventListener("icegatheringstatechange", () => {
          if (pc.iceGatheringState === "complete") resolve();
        });
      }),
      sleep(timeoutMs).then(() => { throw new Error(`ICE gathering not complete after ${timeoutMs} ms`); }),
    ]);
  }

  // A file for the harness's --artifacts DIR, written byte for byte (SDP keeps its CRLF).
  async function artifact(name, text) {
    await post(`/artifact?name=${encodeURIComponent(name)}`, text);
  }

  async function report(result) {
    if (reported) return;
    reported = true;
    await logChain;
    await post("/result", JSON.stringify(result));
    window.close();
  }

  async function run(test) {
    try {
      config = await (await fetch("/run")).json();
      log(`page ${config.page}: ${config.browser}, role ${config.role}, params ${JSON.stringify(config.params)}`);
      log(navigator.userAgent);
      const result = await test(config);
      await report(result);
    } catch (e) {
      log(`failed: ${describeError(e)}`);
      await report({ ok: false, error: describeError(e) });
    }
  }

  return { run, log, report, describeError, encodeBlob, decodeBlob, receiveBlob, sendBlob,
           sendLine, readLines, iceGatheringComplete, artifact, sleep,
           get config() { return config; } };
})();

window.addEventListener("error", (event) => {
  harness.report({ ok: false, error: `uncaught: ${event.message}` });
});
window.addEventListener("unhandledrejection", (event) => {
  harness.report({ ok: false, error: `unhandled rejection: ${harness.describeError(event.reason)}` });
});
