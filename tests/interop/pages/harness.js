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

  // The next blob line the lucid program printed, as it printed it (what a learner would copy).
  async function receiveBlobLine() {
    for (;;) {
      const response = await fetch("/blob");
      if (response.status === 200) return (await response.text()).trim();
      if (response.status !== 204) throw new Error(`GET /blob: ${response.status} ${await response.text()}`);
    }
  }

  // A blob line for the lucid program's stdin, as it is (what a learner would paste).
  async function sendBlobLine(line) {
    await post("/blob", line);
  }

  // The next blob the lucid program printed, as {type, sdp}.
  async function receiveBlob() {
    return decodeBlob(await receiveBlobLine());
  }

  // Sends a description ({type, sdp}, e.g. pc.localDescription) to the lucid program's stdin.
  async function sendBlob(description) {
    await sendBlobLine(encodeBlob(description));
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

  // Reads the program's stdout, logging each line, until `wanted` (one whole line) or, with
  // wanted null, until the program exits. "printed", "exited" or, after `ms`, "timeout".
  async function readLinesUntil(wanted, ms) {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const { lines, exited } = await readLines();
      for (const line of lines) {
        log(`lucid: ${line}`);
        if (line === wanted) return "printed";
      }
      if (exited) return "exited";
    }
    return "timeout";
  }

  // Whether the program prints the line `wanted` within `ms` (false too if it exits first).
  async function lucidSays(wanted, ms) {
    return (await readLinesUntil(wanted, ms)) === "printed";
  }

  // Whether the program exits (its stdout ends) within `ms`.
  async function lucidExits(ms) {
    return (await readLinesUntil(null, ms)) === "exited";
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

  // Non-trickle offer/answer with the lucid program, one blob each way, in the order `role` says.
  // lucid-offers: lucid's offer in, the browser's answer out. browser-offers: the browser's offer
  // out, lucid's answer in; the page first gives pc something to offer (a data channel, tracks).
  // Both descriptions go to the page log.
  async function negotiate(pc, role) {
    if (role === "lucid-offers") {
      const offer = await receiveBlob();
      log(`lucid's ${offer.type}:\n${offer.sdp}`);
      await pc.setRemoteDescription(offer);
      await pc.setLocalDescription(await pc.createAnswer());
      await iceGatheringComplete(pc);
      log(`the browser's answer:\n${pc.localDescription.sdp}`);
      await sendBlob(pc.localDescription);
    } else {
      await pc.setLocalDescription(await pc.createOffer());
      await iceGatheringComplete(pc);
      log(`the browser's offer:\n${pc.localDescription.sdp}`);
      await sendBlob(pc.localDescription);
      const answer = await receiveBlob();
      log(`lucid's ${answer.type}:\n${answer.sdp}`);
      await pc.setRemoteDescription(answer);
    }
  }

  // Watches pc[property] ("connectionState", "iceConnectionState") from now on. `reached`
  // resolves true once it is one of `wanted`, false once it is "failed" or "closed" or after `ms`;
  // `seen` lists every value it had, also after that.
  function watchState(pc, property, wanted, ms) {
    const seen = [];
    const reached = new Promise((resolve) => {
      const check = () => {
        const state = pc[property];
        seen.push(state);
        if (wanted.includes(state)) resolve(true);
        if (state === "failed" || state === "closed") resolve(false);
      };
      // connectionState -> "connectionstatechange", iceConnectionState -> "iceconnectionstatechange"
      pc.addEventListener(`${property.toLowerCase()}change`, check);
      setTimeout(() => resolve(false), ms);
      check();
    });
    return { reached, seen };
  }

  // Polls `condition` every 50 ms until it is truthy and returns its value; throws naming `what`
  // after `ms`. For pages that watch another page's elements.
  async function waitFor(what, condition, ms) {
    const end = Date.now() + ms;
    for (;;) {
      const value = condition();
      if (value) return value;
      if (Date.now() > end) throw new Error(`${what} (not within ${ms / 1000} s)`);
      await sleep(50);
    }
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
           receiveBlobLine, sendBlobLine, sendLine, readLines, lucidSays, lucidExits,
           iceGatheringComplete, negotiate, watchState, waitFor, artifact, sleep,
           get config() { return config; } };
})();

window.addEventListener("error", (event) => {
  harness.report({ ok: false, error: `uncaught: ${event.message}` });
});
window.addEventListener("unhandledrejection", (event) => {
  harness.report({ ok: false, error: `unhandled rejection: ${harness.describeError(event.reason)}` });
});
