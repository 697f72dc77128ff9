// Floods from one student, against a lab in a process of its own (so its memory is its own): stdin
// (from one session, and from two of one student, who share one budget), terminal pastes, output of control bytes, and idle connections. Each slows only its sender: a
// bystander's keystroke round trip stays short, and the lab's memory stays bounded. (Before the
// rate limits, a stdin flood took a classmate's round trip from 2 ms to 700 ms.)
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { readConfig } from "../../server/config";
import { parseServerFrame } from "../../shared/protocol";
import { LabClient } from "../support/lab-client";
import { rssOf, watchRss } from "../support/procs";
import { startLabProcess, type LabProcess } from "../support/lab-child-process";
import { Bystander, MiB, waitForConsole } from "./support";

const KiB = 1024;
const RATES = { controlMessagesPerSecond: 20, controlBytesPerSecond: 128 * KiB, terminalBytesPerSecond: 256 * KiB };
const CONNECTIONS = { total: 1000, perAddress: 100 };

let lab: LabProcess;
let bystander: Bystander;
beforeAll(async () => {
  lab = await startLabProcess({ overrides: { rates: RATES, connections: CONNECTIONS, limits: { ...readConfig().limits, outputBytesPerSecond: 64 * KiB } } });
  bystander = await Bystander.connect(lab.base);
  await bystander.chat(2); // warm up
});
afterAll(async () => {
  bystander?.close();
  expect(await lab?.stop()).toBe(0);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const lines = (...l: string[]) => l.join("\n") + "\n";

/** Run `flood` until `stop` is set; meanwhile the bystander types 15 lines. Round trips and the lab's peak RSS growth. */
async function during(flood: (stopped: () => boolean) => Promise<void>): Promise<{ medianRttMs: number; rssGrowth: number; seconds: number }> {
  const rssBefore = rssOf(lab.pid);
  const rss = watchRss(lab.pid);
  let stop = false;
  const t0 = performance.now();
  const flooding = flood(() => stop);
  await sleep(1000); // let the flood reach its pace
  const rtts = await bystander.chat(15);
  // Flood for 3 s at least, so what the attacker's program reports (a line each 0.5 s) measures a
  // rate, however quickly the bystander's round trips went.
  await sleep(Math.max(0, 3000 - (performance.now() - t0)));
  stop = true;
  await flooding;
  // The median, not the maximum: one round trip can wait on this 2-core machine's scheduler
  // whatever the lab does, while an unthrottled flood slowed every one of them (700-1,000 ms).
  const sorted = [...rtts].sort((a, b) => a - b);
  const result = { medianRttMs: sorted[Math.floor(sorted.length / 2)], rssGrowth: rss.stop() - rssBefore, seconds: (performance.now() - t0) / 1000 };
  console.log(`bystander round trips (ms): ${rtts.map((t) => t.toFixed(0)).join(" ")}; lab RSS +${(result.rssGrowth / MiB).toFixed(1)} MiB`);
  return result;
}

/** Send as fast as the socket takes it, never holding more than 1 MiB unsent here. */
async function firehose(ws: WebSocket, frame: () => string | Buffer, stopped: () => boolean): Promise<number> {
  let sent = 0;
  while (!stopped() && ws.readyState === ws.OPEN) {
    if (ws.bufferedAmount > MiB) {
      await sleep(5);
      continue;
    }
    const data = frame();
    ws.send(data);
    sent += data.length;
    if (sent % (16 * 64 * KiB) === 0) await new Promise((r) => setImmediate(r));
  }
  return sent;
}

describe("floods slow only their sender", () => {
  it("stdin: 64 KiB messages as fast as they go; the lab takes them at the session's rate", async () => {
    const attacker = await LabClient.connect(lab.base);
    const runId = await attacker.startSource(lines("import sys", "print('reading', flush=True)", "for line in sys.stdin: pass"), 0, "stdin-flood");
    await waitForConsole({ client: attacker, runId }, "reading");
    const chunk = JSON.stringify({ type: "run.stdin", runId, data: "s".repeat(60 * KiB) + "\n" });
    const r = await during((stopped) => firehose(attacker.socket, () => chunk, stopped).then(() => undefined));
    // Everything typed is echoed to the console: what the lab read, at most a burst plus its rate.
    const read = attacker.messages.reduce((n, m) => n + (m.type === "run.output" && m.runId === runId && m.stream === "system" ? m.data.length : 0), 0);
    expect(read).toBeLessThan(4 * RATES.controlBytesPerSecond + r.seconds * RATES.controlBytesPerSecond + 64 * KiB);
    expect(r.medianRttMs).toBeLessThan(250);
    expect(r.rssGrowth).toBeLessThan(100 * MiB);
    attacker.close();
  });

  it("stdin from two sessions of one student: they share one budget; a classmate keeps their own", async () => {
    const echoed = (client: LabClient, runId: string) => client.messages.reduce((n, m) => n + (m.type === "run.output" && m.runId === runId && m.stream === "system" ? m.data.length : 0), 0);
    const reader = lines("import sys", "print('reading', flush=True)", "for line in sys.stdin: pass");
    // One student on two computers: the second continues with the first one's personal code.
    const home = await LabClient.connect(lab.base);
    await home.joinClass("Sam Twosessions");
    const code = home.messages.flatMap((m) => (m.type === "class.student" && m.student?.code ? [m.student.code] : [])).at(-1)!;
    const school = await LabClient.connect(lab.base);
    school.send({ type: "class.continue", code });
    await school.waitFor((m) => m.type === "class.student" && m.student?.code === code, 10_000, "continued as Sam");
    const classmate = await LabClient.connect(lab.base);
    await classmate.joinClass("Cleo Classmate");
    const runs = await Promise.all([home, school, classmate].map(async (client) => {
      const runId = await client.startSource(reader, 0, "stdin-shared");
      await waitForConsole({ client, runId }, "reading");
      return runId;
    }));
    // 16 KiB messages: each session may overshoot the budget by what it had read when its hold began
    // (a 64 KiB read from the socket, and a message or two).
    const chunks = runs.slice(0, 2).map((runId) => JSON.stringify({ type: "run.stdin", runId, data: "s".repeat(16 * KiB) + "\n" }));
    const typed: number[] = [];
    const r = await during(async (stopped) => {
      const floods = [home, school].map((client, i) => firehose(client.socket, () => chunks[i]!, stopped));
      // The classmate types a line every 200 ms: each is echoed to its console without waiting on Sam's budget.
      for (let i = 0; !stopped(); i++) {
        const line = `cleo line ${i}.`;
        const t0 = performance.now();
        classmate.send({ type: "run.stdin", runId: runs[2]!, data: `${line}\n` });
        await waitForConsole({ client: classmate, runId: runs[2]! }, line);
        typed.push(performance.now() - t0);
        await sleep(200);
      }
      await Promise.all(floods);
    });
    // What the lab read from both of Sam's sessions together: one budget (a burst and its rate, and
    // each session's overshoot), not two (with a budget per session the lab read 1.8 MiB here).
    const read = echoed(home, runs[0]!) + echoed(school, runs[1]!);
    console.log(`Sam's two sessions: the lab read ${(read / KiB).toFixed(0)} KiB in ${r.seconds.toFixed(1)} s (one budget: ${((4 + r.seconds) * RATES.controlBytesPerSecond / KiB).toFixed(0)} KiB); classmate's echoes (ms): ${typed.map((t) => t.toFixed(0)).join(" ")}`);
    expect(read).toBeLessThan(4 * RATES.controlBytesPerSecond + r.seconds * RATES.controlBytesPerSecond + 2 * 96 * KiB);
    expect(echoed(home, runs[0]!)).toBeGreaterThan(0);
    expect(echoed(school, runs[1]!)).toBeGreaterThan(0);
    expect(typed.length).toBeGreaterThan(3);
    expect(Math.max(...typed)).toBeLessThan(250);
    expect(r.medianRttMs).toBeLessThan(250);
    for (const [i, client] of [home, school, classmate].entries()) {
      client.send({ type: "run.stop", runId: runs[i]! });
      client.close();
    }
  });

  it("terminal: a paste loop into a program that reads everything; the lab carries the run's rate", async () => {
    const attacker = await LabClient.connect(lab.base);
    // The program says every half second how much it has received, and when (its own clock).
    const runId = await attacker.startSource(
      lines(
        "import socket, time",
        "s = socket.socket()",
        "s.bind(('', 8888))",
        "s.listen(1)",
        "c = s.accept()[0]",
        "total, told = 0, time.monotonic()",
        "while True:",
        "    d = c.recv(1 << 16)",
        "    if not d: break",
        "    total += len(d)",
        "    if time.monotonic() - told > 0.5:",
        "        told = time.monotonic()",
        "        print('got', total, 'at', told, flush=True)",
      ),
      1,
      "paste-flood",
    );
    await attacker.waitListening(runId);
    const terminal = await attacker.terminal(runId);
    await terminal.waitStatus("connected");
    const chunk = Buffer.alloc(64 * KiB, "t");
    const r = await during((stopped) => firehose(terminal.ws, () => chunk, stopped).then(() => undefined));
    const got = [...attacker.output(runId).matchAll(/got (\d+) at ([\d.]+)/g)].map((m) => ({ bytes: Number(m[1]), at: Number(m[2]) }));
    expect(got.length).toBeGreaterThan(3);
    const rate = (got.at(-1)!.bytes - got[0]!.bytes) / (got.at(-1)!.at - got[0]!.at);
    console.log(`paste flood: the program received ${(rate / KiB).toFixed(0)} KiB/s (the run's terminals may carry ${RATES.terminalBytesPerSecond / KiB})`);
    expect(rate).toBeLessThan(1.25 * RATES.terminalBytesPerSecond);
    expect(r.medianRttMs).toBeLessThan(250);
    expect(r.rssGrowth).toBeLessThan(100 * MiB);
    terminal.ws.terminate();
    attacker.send({ type: "run.stop", runId });
    attacker.close();
  });

  it("output of control bytes reaches pages as bytes (no 6x JSON escaping), and a page that joins late gets a bounded backlog", async () => {
    const attacker = await LabClient.connect(lab.base);
    const runId = await attacker.startSource(lines("import sys", "while True:", "    sys.stdout.write('\\x01' * 4095 + '\\n')"), 0, "control-bytes");
    // A second page of the same session, counting what crosses the wire.
    const counted = (cookie: string) => {
      const ws = new WebSocket(`${lab.base.replace("http", "ws")}/ws/lab`, { headers: { cookie, origin: lab.base } });
      const tally = { wire: 0, output: 0, ws };
      ws.on("message", (data: Buffer, isBinary) => {
        tally.wire += data.length;
        const m = parseServerFrame(isBinary ? new Uint8Array(data) : data.toString());
        if (m.ok && m.value.type === "run.output" && m.value.runId === runId) tally.output += m.value.data.length;
      });
      return tally;
    };
    const page = counted(attacker.cookie);
    await sleep(3000);
    expect(page.output).toBeGreaterThan(64 * KiB);
    expect(page.wire).toBeLessThan(1.1 * page.output + 16 * KiB);
    const late = counted(attacker.cookie);
    await sleep(1000);
    late.ws.pause();
    const keptBytes = readConfig().outputKeptBytes;
    // The backlog (256 KiB kept) and a second of new output (up to two of the throttle's one-second
    // windows), all as bytes: with JSON escaping it was six times as much.
    expect(late.wire).toBeLessThan(keptBytes + 2 * 64 * KiB + 16 * KiB);
    page.ws.close();
    late.ws.terminate();
    attacker.send({ type: "run.stop", runId });
    attacker.close();
  });

  it("idle connections: one address holds at most its share; everyone else still gets in", async () => {
    const sockets: net.Socket[] = [];
    // 300 idle connections from 127.0.0.2 (another machine, as far as the lab can tell).
    for (let i = 0; i < 300; i++) {
      const socket = net.connect({ host: "127.0.0.1", port: Number(new URL(lab.base).port), localAddress: "127.0.0.2" });
      socket.on("error", () => {});
      sockets.push(socket);
    }
    await sleep(1500);
    const open = sockets.filter((s) => !s.destroyed && s.readyState === "open").length;
    expect(open).toBeLessThanOrEqual(CONNECTIONS.perAddress);
    expect(open).toBeGreaterThan(CONNECTIONS.perAddress / 2);
    const rtts = await bystander.chat(5);
    expect(Math.max(...rtts)).toBeLessThan(250);
    sockets.forEach((s) => s.destroy());
  });
});
