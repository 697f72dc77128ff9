// Protocol fuzzing: random and mutated messages, with a fixed seed, against both WebSocket
// endpoints (and the upgrade requests in front of them), while a bystander keeps running a program
// and chatting. The lab must never crash, must answer every bad message with the error the
// protocol promises (the same text parseMessage gives), must only ever send schema-valid
// messages, and must leave nothing behind.
//
//   FUZZ_MESSAGES=200000 FUZZ_SEED=7 npm run fuzz      (the long run; the default is 10,000)
import net from "node:net";
import { describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { ClientMessage, CloseCode, MAX_CONTROL_MESSAGE_BYTES, MAX_TERMINAL_FRAME_BYTES, parseMessage, parseServerFrame, ServerMessage, TerminalClientMessage, TerminalServerMessage } from "../../shared/protocol";
import { attackLab, Bystander, ECHO_SERVER, launch } from "../attacks/support";
import { LabClient } from "../support/lab-client";

const TOTAL = Number(process.env.FUZZ_MESSAGES ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
const LANES = 4;
/** Valid run.start messages the fuzzer may let through per 10,000 (each starts a real sandbox; at most 200 in all). */
const STARTS_PER_10K = 40;

// ---- a small seeded PRNG (mulberry32) and helpers ----

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const chance = (p: number) => next() < p;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  return { next, int, pick, chance, bytes };
}
type Rng = ReturnType<typeof prng>;

const ALPHABETS = [
  "abcdefghijklmnopqrstuvwxyz0123456789-",
  "ABCXYZ_.-/\\:\"'{}[],",
  "\u0000\u0001\u001b\u007f\r\n\t ",
  "éü中文🙂\u202e\ufeff\u200b",
];

function randomString(r: Rng, max = 40): string {
  if (r.chance(0.05)) return "\ud800" + "x"; // a lone surrogate
  const alphabet = r.pick(ALPHABETS);
  const chars = [...alphabet];
  return Array.from({ length: r.int(max + 1) }, () => r.pick(chars)).join("");
}

function randomValue(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 2 ? 6 : 8)) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, -1, 1.5, 5, 6, 8888, 2 ** 53, -(2 ** 31), 1e308, Number.MAX_SAFE_INTEGER]);
    case 3:
    case 4:
      return randomString(r);
    case 5:
      return r.pick(["run.start", "run.stop", "run.stdin", "run.eof", "stage", "source", "eof", "exercise-1", "chatserver1.py"]);
    case 6:
      return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(4); i > 0; i--) o[r.pick(["type", "slot", "program", "kind", "stage", "runId", "data", "name", "source", randomString(r, 8)])] = randomValue(r, depth + 1);
      return o;
    }
  }
}

// ---- control messages: a corpus of valid ones, and mutations ----

function validControl(r: Rng, runIds: string[]): Record<string, unknown> {
  const runId = runIds.length && r.chance(0.4) ? r.pick(runIds) : r.pick(["run-unknown", "run-mwvynjc7-3", "", "r1-1"]);
  switch (r.int(6)) {
    case 0:
      return { type: "run.start", slot: r.pick(["fuzz-a", "fuzz-b"]), program: { kind: "stage", stage: r.int(6) } };
    case 1:
      return { type: "run.start", slot: r.pick(["fuzz-a", "fuzz-b"]), program: { kind: "source", name: "chatserver9.py", source: r.pick(["print('fuzz')\n", "import sys\nsys.exit(3)\n", randomString(r, 200)]), stage: r.int(6) } };
    case 2:
      return { type: "run.stop", runId };
    case 3:
      return { type: "run.stdin", runId, data: randomString(r, 100) };
    default:
      return { type: "run.eof", runId };
  }
}

function mutateObject(r: Rng, message: Record<string, unknown>): Record<string, unknown> {
  const m = structuredClone(message);
  const program = m.program;
  const target = program && typeof program === "object" && !Array.isArray(program) && r.chance(0.4) ? (program as Record<string, unknown>) : m;
  const keys = Object.keys(target);
  switch (r.int(5)) {
    case 0:
      delete target[r.pick(keys)];
      break;
    case 1:
      target[r.pick(keys)] = randomValue(r);
      break;
    case 2:
      target[randomString(r, 10) || "extra"] = randomValue(r);
      break;
    case 3:
      target.type = r.pick(["run.Start", "run.start ", "", "run", "RUN.STOP", "run.kill", "session", "error", null, 1]);
      break;
    default:
      target[r.pick(keys)] = r.pick(["x".repeat(70 * 1024), "exercise_1", "../../etc", "a.py", "chatserver1.pyc", -1, 6, 2.5, "1", [], {}]);
  }
  return m;
}

function mutateText(r: Rng, text: string): string {
  switch (r.int(9)) {
    case 0:
      return text.slice(0, r.int(text.length));
    case 1: {
      const i = r.int(text.length + 1);
      return text.slice(0, i) + r.pick(['"', "{", "}", ",", "\\", "\u0000", "]", ":"]) + text.slice(i);
    }
    case 2: {
      const i = r.int(text.length);
      return text.slice(0, i) + text.slice(i + 1 + r.int(5));
    }
    case 3:
      return `[${text}]`;
    case 4:
      return "\ufeff" + text;
    case 5:
      return r.pick(["null", "0", '"run.start"', "[]", "{}", "true", "1e999", "-0", "NaN", ""]);
    case 6: {
      const depth = 1000 + r.int(60_000);
      return r.chance(0.5) ? "[".repeat(depth) + "]".repeat(depth) : '{"type":"run.stop","runId":' + "[".repeat(depth) + "]".repeat(depth) + "}";
    }
    case 7:
      return text.replace(/"type":"[^"]*"/, `"type":"run.start","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}`);
    default:
      return text + text;
  }
}

// ---- the lab ----

// The rate limits would make 10,000 messages take minutes; what is fuzzed here is the protocol
// (tests/attacks/floods.test.ts holds the limits to account).
const lab = attackLab({}, { runsPerSession: 2, rates: { controlMessagesPerSecond: 100_000, controlBytesPerSecond: 1024 ** 3, terminalBytesPerSecond: 1024 ** 3 } });

interface Socketed {
  ws: WebSocket;
  messages: ServerMessage[];
  closed: Promise<{ code: number; reason: string }>;
}

function openControl(cookie: string): Promise<Socketed> {
  const ws = new WebSocket(`${lab.base.replace("http", "ws")}/ws/lab`, { headers: { cookie, origin: lab.base } });
  const messages: ServerMessage[] = [];
  // Every message the lab sends must match the schema: parse() throws, and fails the run, if not.
  ws.on("message", (data: Buffer, isBinary) => {
    // Run output comes as binary frames; everything else is JSON text.
    const parsed = parseServerFrame(isBinary ? new Uint8Array(data) : data.toString());
    if (!parsed.ok) throw new Error(`the lab sent a frame outside the protocol: ${parsed.error}`);
    messages.push(ServerMessage.parse(parsed.value));
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve({ ws, messages, closed }));
    ws.once("error", reject);
  });
}

async function cookieOf(): Promise<string> {
  const res = await fetch(`${lab.base}/healthz`);
  return (res.headers.get("set-cookie") ?? "").split(";")[0];
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms))]);
}

const stats = { sent: 0, badMessage: 0, tooBig: 0, badUtf8: 0, binaryRefused: 0, labErrors: 0, starts: 0, terminalBad: 0, terminalEcho: 0, upgrades: 0, checkedExactly: 0 };

/** One lane: a session whose control socket gets random and mutated messages. */
async function controlLane(r: Rng, budget: number, maxStarts: number): Promise<void> {
  const cookie = await cookieOf();
  let socket = await openControl(cookie);
  const runIds: string[] = [];
  let sent = 0;
  let starts = 0;
  const reconnect = async () => {
    socket.ws.terminate();
    socket = await openControl(cookie);
  };
  while (sent < budget) {
    const kind = r.next();
    socket.messages.forEach((m) => m.type === "run.created" && !runIds.includes(m.run.runId) && runIds.push(m.run.runId));
    if (kind < 0.06) {
      // A binary frame on the control socket.
      socket.ws.send(r.bytes(1 + r.int(64)), { binary: true });
      sent++;
      const { code } = await within(socket.closed, 5000, "close after a binary frame");
      expect(code).toBe(CloseCode.badMessage);
      expect(socket.messages.at(-1)).toEqual({ type: "error", code: "bad-message", message: "binary frames are not accepted on the control socket: send JSON text" });
      stats.binaryRefused++;
      await reconnect();
    } else if (kind < 0.09) {
      // A text frame that is not UTF-8: the WebSocket layer closes it (1007), nothing more.
      socket.ws.send(Buffer.concat([Buffer.from('{"type":"run.stop","runId":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')]), { binary: false });
      sent++;
      expect((await within(socket.closed, 5000, "close after invalid UTF-8")).code).toBe(1007);
      stats.badUtf8++;
      await reconnect();
    } else if (kind < 0.1) {
      // Larger than the lab accepts: 1009.
      socket.ws.send(JSON.stringify({ type: "run.stdin", runId: "x", data: "y".repeat(MAX_CONTROL_MESSAGE_BYTES) }));
      sent++;
      expect((await within(socket.closed, 5000, "close after an oversized frame")).code).toBe(CloseCode.tooBig);
      stats.tooBig++;
      await reconnect();
    } else if (kind < 0.115) {
      // A flood of tiny valid frames: stop/stdin/eof for runs that do not exist (out of order).
      const n = 20 + r.int(80);
      const seen = socket.messages.length;
      for (let i = 0; i < n; i++) socket.ws.send(JSON.stringify(r.chance(0.5) ? { type: "run.eof", runId: `nope-${i}` } : { type: "run.stdin", runId: `nope-${i}`, data: "x" }));
      sent += n;
      await within(
        (async () => {
          while (socket.messages.slice(seen).filter((m) => m.type === "error").length < n) await new Promise((res) => setTimeout(res, 5));
        })(),
        10_000,
        "an answer to every tiny frame",
      );
      for (const m of socket.messages.slice(seen)) if (m.type === "error") expect(m.code).toBe("no-such-run");
      stats.labErrors += n;
    } else {
      // A valid message, mutated (most of the time) as an object and/or as text.
      let object = validControl(r, runIds);
      for (let i = r.chance(0.12) ? 0 : 1 + r.int(3); i > 0; i--) object = mutateObject(r, object);
      let text = JSON.stringify(object);
      if (r.chance(0.35)) text = mutateText(r, text);
      const onWire = Buffer.from(text);
      if (onWire.length > MAX_CONTROL_MESSAGE_BYTES) text = text.slice(0, 1000);
      const expected = parseMessage(ClientMessage, Buffer.from(text).toString());
      if (expected.ok && expected.value.type === "run.start") {
        if (starts >= maxStarts) continue;
        starts++;
        stats.starts++;
      }
      const seen = socket.messages.length;
      socket.ws.send(text);
      sent++;
      if (!expected.ok) {
        // The error the protocol promises, word for word, then close 4400.
        const { code } = await within(socket.closed, 5000, `close after ${text.slice(0, 80)}`);
        expect(code).toBe(CloseCode.badMessage);
        const error = socket.messages.slice(seen).find((m) => m.type === "error" && m.code === "bad-message");
        expect(error, text.slice(0, 200)).toEqual({ type: "error", code: "bad-message", message: expected.error });
        expect(expected.error).toMatch(/^(not JSON: every text message must be one JSON object|invalid message( at [^:]+)?: .+)$/);
        stats.badMessage++;
        stats.checkedExactly++;
        await reconnect();
      } else if ((expected.value.type === "run.stop" || expected.value.type === "run.stdin" || expected.value.type === "run.eof") && !runIds.includes(expected.value.runId)) {
        // Stop, input or EOF for a run that is not this session's: a clear no-such-run.
        const error = await within(
          (async () => {
            for (;;) {
              const found = socket.messages.slice(seen).find((m) => m.type === "error");
              if (found) return found;
              await new Promise((res) => setTimeout(res, 2));
            }
          })(),
          5000,
          "no-such-run",
        );
        expect(error).toEqual({ type: "error", code: "no-such-run", message: "That run is not in your session any more: press Run to start it again." });
        stats.labErrors++;
        stats.checkedExactly++;
      }
    }
  }
  socket.ws.close();
  stats.sent += sent;
}

/** One lane: a session with an echo run, whose terminals get random frames. */
async function terminalLane(r: Rng, budget: number): Promise<void> {
  const client = await LabClient.connect(lab.base);
  const echo = await launch(lab, ECHO_SERVER, { client, slot: "echo", ready: "echo ready" });
  await client.waitListening(echo.runId);
  let sent = 0;
  while (sent < budget) {
    const terminal = await client.terminal(echo.runId);
    await terminal.waitStatus("connected");
    const closed = new Promise<number>((resolve) => terminal.ws.once("close", (code) => resolve(code)));
    let expectEcho = Buffer.alloc(0);
    // Some binary frames (echoed back byte for byte), sometimes a flood of one-byte frames...
    const frames = r.chance(0.1) ? 200 : 1 + r.int(30);
    for (let i = 0; i < frames && sent < budget; i++) {
      const bytes = frames === 200 ? r.bytes(1) : r.bytes(1 + r.int(r.chance(0.05) ? 60_000 : 200));
      terminal.ws.send(bytes, { binary: true });
      expectEcho = Buffer.concat([expectEcho, bytes]);
      sent++;
    }
    await terminal.until(() => terminal.received.length >= expectEcho.length, "the echo", 10_000);
    expect(terminal.received.equals(expectEcho)).toBe(true);
    stats.terminalEcho++;
    // ...then one text frame, or an oversized one: the terminal says why and closes.
    const choice = r.next();
    if (choice < 0.1) {
      terminal.ws.send(Buffer.alloc(MAX_TERMINAL_FRAME_BYTES + 1 + r.int(1000)), { binary: true });
      expect(await within(closed, 5000, "1009")).toBe(CloseCode.tooBig);
    } else if (choice < 0.2) {
      terminal.ws.send(JSON.stringify({ type: "eof" }));
      await terminal.waitStatus("closed");
      expect(terminal.statuses.at(-1)).toEqual({ type: "status", status: "closed", message: "Connection closed by foreign host." });
      expect(await within(closed, 5000, "close after eof")).toBe(CloseCode.normal);
    } else {
      let object: unknown = r.chance(0.5) ? { type: "eof" } : randomValue(r);
      if (r.chance(0.7)) object = mutateObject(r, typeof object === "object" && object && !Array.isArray(object) ? (object as Record<string, unknown>) : { type: "eof" });
      let text = JSON.stringify(object) ?? "undefined";
      if (r.chance(0.5)) text = mutateText(r, text);
      if (Buffer.byteLength(text) > MAX_TERMINAL_FRAME_BYTES) text = text.slice(0, 1000);
      const expected = parseMessage(TerminalClientMessage, Buffer.from(text).toString());
      terminal.ws.send(text);
      if (expected.ok) {
        await terminal.waitStatus("closed");
        expect(await within(closed, 5000, "close after eof")).toBe(CloseCode.normal);
      } else {
        expect(await within(closed, 5000, "close after a bad terminal message")).toBe(CloseCode.badMessage);
        expect(terminal.statuses.at(-1)).toEqual(TerminalServerMessage.parse({ type: "status", status: "error", message: expected.error }));
        stats.terminalBad++;
        stats.checkedExactly++;
      }
    }
    sent++;
  }
  client.send({ type: "run.stop", runId: echo.runId });
  await client.waitForState(echo.runId, (s) => s.state === "stopped", "stopped");
  client.close();
  stats.sent += sent;
}

/** One lane: hand-written upgrade requests with mutated lines and headers. */
async function upgradeLane(r: Rng, budget: number, cookie: string, runId: string): Promise<void> {
  const port = Number(new URL(lab.base).port);
  for (let sent = 0; sent < budget; sent++) {
    const path = r.pick(["/ws/lab", "/ws/terminal", `/ws/terminal?run=${runId}&port=8888`, `/ws/terminal?run=${runId}&port=${randomString(r, 6)}`, "/ws/" + randomString(r, 10), "http://[" + randomString(r, 5), "//" + randomString(r, 8), "*"]);
    const headers = [
      `Host: ${r.chance(0.9) ? `127.0.0.1:${port}` : randomString(r, 12)}`,
      "Upgrade: websocket",
      "Connection: Upgrade",
      "Sec-WebSocket-Version: 13",
      `Sec-WebSocket-Key: ${r.chance(0.9) ? "dGhlIHNhbXBsZSBub25jZQ==" : randomString(r, 10)}`,
    ];
    if (r.chance(0.8)) headers.push(`Origin: ${r.chance(0.8) ? lab.base : randomString(r, 20)}`);
    if (r.chance(0.8)) headers.push(`Cookie: ${r.chance(0.8) ? cookie : `lab_session=${randomString(r, 45)}`}`);
    const request = `GET ${path.replace(/[\r\n ]/g, "")} HTTP/1.1\r\n${headers.map((h) => h.replace(/[\r\n]/g, "")).join("\r\n")}\r\n\r\n`;
    const status = await new Promise<string>((resolve) => {
      let got = "";
      const socket = net.connect(port, "127.0.0.1", () => socket.write(request));
      socket.on("data", (d) => {
        got += d;
        if (got.includes("\r\n")) socket.destroy();
      });
      socket.on("close", () => resolve(got.split("\r\n")[0]));
      socket.on("error", () => {});
      setTimeout(() => socket.destroy(), 3000);
    });
    // Always an HTTP answer, never a 5xx, never silence.
    expect(status, request).toMatch(/^HTTP\/1\.1 (101|400|403|404|429|431) /);
    stats.upgrades++;
  }
  stats.sent += budget;
}

describe("protocol fuzzing", () => {
  it(`${TOTAL} random and mutated messages (seed ${SEED}): the lab answers each as promised and keeps serving`, { timeout: Math.max(120_000, TOTAL * 20) }, async () => {
    const root = prng(SEED);
    const bystander = await Bystander.connect(lab.base);
    await bystander.chat(1);
    const upgradeCookie = await cookieOf();
    const upgradeRun = (await launch(lab, ECHO_SERVER, { ready: "echo ready" })).runId;

    let fuzzing = true;
    const rtts: number[] = [];
    let chats = 0;
    const bystanderLoop = (async () => {
      while (fuzzing) {
        rtts.push(...(await bystander.chat(1)));
        chats++;
        await new Promise((r) => setTimeout(r, 300));
      }
    })();

    const controlBudget = Math.floor(TOTAL * 0.7);
    const terminalBudget = Math.floor(TOTAL * 0.25);
    const upgradeBudget = TOTAL - controlBudget - terminalBudget;
    const maxStarts = Math.max(2, Math.ceil(Math.min(200, (STARTS_PER_10K * TOTAL) / 10_000) / LANES));
    await Promise.all([
      ...Array.from({ length: LANES }, (_, i) => controlLane(prng(root.int(2 ** 31) + i), Math.ceil(controlBudget / LANES), maxStarts)),
      terminalLane(prng(root.int(2 ** 31)), Math.ceil(terminalBudget / 2)),
      terminalLane(prng(root.int(2 ** 31)), Math.ceil(terminalBudget / 2)),
      upgradeLane(prng(root.int(2 ** 31)), upgradeBudget, upgradeCookie, upgradeRun),
    ]);
    fuzzing = false;
    await bystanderLoop;

    console.log(`fuzz: ${JSON.stringify(stats)}; bystander chats ${chats}, round trip max ${Math.round(Math.max(...rtts))} ms`);
    expect(stats.sent).toBeGreaterThanOrEqual(TOTAL);
    expect(stats.badMessage).toBeGreaterThan(TOTAL / 20);
    expect(chats).toBeGreaterThanOrEqual(2);
    // "Still serving", not a benchmark: tens of ms on a quiet machine, most of a second on a busy one.
    expect(Math.max(...rtts)).toBeLessThan(2000);

    // Still serving: a page, a run, a chat; and no sandbox run the lab does not count.
    expect((await fetch(`${lab.base}/healthz`)).status).toBe(200);
    await bystander.chat(2);
    const sandboxRuns = (lab.lab.sandbox as unknown as { runs: Set<unknown> }).runs.size;
    expect(sandboxRuns).toBeLessThanOrEqual(lab.lab.admission.totalRuns());
    bystander.close();
  });
});
