// One hostile student, and a classmate who notices nothing (issue 9): for each attack, the
// bystander's keystroke round trip (64-byte line, one every 20 ms), Run → listening, Check → first
// result, and the lab's peak RSS, with the attack under way, beside the same figures without it
// (first row), all in one run against one lab with the class defaults.
import { readFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import type { WebSocket } from "ws";
import type { ServerMessage } from "../shared/protocol";
import { PageClient } from "../tests/support/clients";
import { startLabProcess, type LabProcess } from "../tests/support/lab-child-process";
import { rssOf, watchRss } from "../tests/support/procs";
import { sleep, summarize, type Summary } from "../tests/support/stats";
import { CONNECTION_CHURN, TCP_PARKING } from "../tests/attacks/hostile-programs";
import { roundTrips } from "./lib/pipes";
import { ECHO_SOURCE } from "./paths";

export interface HostileRow {
  attack: string;
  /** The bystander's keystroke round trips, ms. */
  rttMs: Summary;
  /** Run pressed → the bystander's program listens, ms (median of 3; the worst too). */
  runListeningMs: number;
  runListeningMaxMs: number;
  /** Check pressed (exercise 1, chatserver1) → its first check's outcome (pass or fail), ms. */
  checkFirstResultMs: number;
  /** The lab's highest RSS while the attack ran, MiB. */
  peakRssMiB: number;
}

const KiB = 1024;
const lines = (...l: string[]) => l.join("\n") + "\n";

/** Send as fast as the socket takes it, never more than 1 MiB unsent here. */
async function firehose(ws: WebSocket, frame: string | Buffer, stopped: () => boolean): Promise<void> {
  while (!stopped() && ws.readyState === ws.OPEN) {
    if (ws.bufferedAmount > 1024 * KiB) await sleep(5);
    else ws.send(frame);
    await new Promise((r) => setImmediate(r));
  }
}

interface Attack {
  name: string;
  /** Start the attack; resolve with its stop. */
  start(lab: LabProcess): Promise<() => Promise<void>>;
}

async function program(lab: LabProcess, source: string, listens = false): Promise<{ page: PageClient; runId: string }> {
  const page = await PageClient.open(lab.base);
  const spec = { kind: "source", name: "attack.py", source, stage: 1 } as const;
  if (listens) {
    const started = await page.start("attack", spec);
    if (!started.ok) throw new Error(`the attack's program did not start: ${started.message}`);
    return { page, runId: started.runId };
  }
  const created = page.next((m) => (m.type === "run.created" ? m.run.runId : undefined), 30_000, "the attack's run");
  page.ws.send(JSON.stringify({ type: "run.start", slot: "attack", program: spec }));
  return { page, runId: await created };
}

/** Leave the attack's page (unread floods and all), and stop its run from a fresh page of the session. */
async function end(page: PageClient, runId: string): Promise<void> {
  page.ws.terminate();
  const fresh = await PageClient.open(page.base, page.cookie);
  await fresh.stop(runId, 60_000);
  fresh.close();
}

const ATTACKS: Attack[] = [
  { name: "none (quiet)", start: async () => async () => {} },
  {
    name: "stdin flood: 64 KiB run.stdin messages as fast as the socket takes them",
    async start(lab) {
      const { page, runId } = await program(lab, lines("import sys", "for line in sys.stdin: pass"));
      let stop = false;
      const flooding = firehose(page.ws, JSON.stringify({ type: "run.stdin", runId, data: "s".repeat(60 * KiB) + "\n" }), () => stop);
      return async () => ((stop = true), await flooding, await end(page, runId));
    },
  },
  {
    name: "paste loop into a program that reads everything",
    async start(lab) {
      const src = lines("import socket", "s = socket.socket()", "s.bind(('', 8888))", "s.listen(1)", "c = s.accept()[0]", "while c.recv(1 << 16): pass");
      const { page, runId } = await program(lab, src, true);
      const terminal = await page.terminal(runId);
      let stop = false;
      const flooding = firehose(terminal.ws, Buffer.alloc(64 * KiB, "t"), () => stop);
      return async () => ((stop = true), await flooding, terminal.ws.terminate(), await end(page, runId));
    },
  },
  {
    name: "program printing control bytes (\\x01) at its output limit, 4 pages of its session open",
    async start(lab) {
      const { page, runId } = await program(lab, lines("import sys", "while True:", "    sys.stdout.write('\\x01' * 4095 + '\\n')"));
      const more = await Promise.all([0, 1, 2].map(() => PageClient.open(lab.base, page.cookie)));
      return async () => (more.forEach((p) => p.ws.terminate()), await end(page, runId));
    },
  },
  {
    name: "a server that floods its clients, checked (exercise 5's checks) and stress-tested",
    async start(lab) {
      const source = readFileSync(join(import.meta.dirname, "..", "tests", "attacks", "flood_clients.py"), "utf8");
      const spec = { kind: "source", name: "flood_clients.py", source, stage: 5 } as const;
      const checker = await PageClient.open(lab.base);
      checker.ws.send(JSON.stringify({ type: "check.start", exercise: 5, program: spec }));
      const stresser = await PageClient.open(lab.base);
      const started = await stresser.start("flooder", spec);
      if (started.ok) stresser.ws.send(JSON.stringify({ type: "stress.start", runId: started.runId }));
      await sleep(1000);
      return async () => {
        checker.ws.send(JSON.stringify({ type: "check.cancel" }));
        await sleep(500);
        checker.ws.terminate();
        if (started.ok) await end(stresser, started.runId);
      };
    },
  },
  {
    // Issue 9 measured a classmate waiting 55 s for a 0.8 s check behind a dozen sessions' slow
    // checks. The lines now go in turn per student, sessions of no student per address (server/admission/).
    name: "a dozen sessions of one address Check a slow program (exercise 3, chatserver2) again and again",
    async start(lab) {
      const pages = await Promise.all(Array.from({ length: 12 }, () => PageClient.open(lab.base)));
      const check = JSON.stringify({ type: "check.start", exercise: 3, program: { kind: "stage", stage: 2 } });
      let stop = false;
      for (const page of pages) {
        page.ws.on("message", (data, isBinary) => {
          if (stop || isBinary) return;
          const type = (JSON.parse(String(data)) as { type: string }).type;
          if (type === "check.report" || type === "check.failed") page.ws.send(check);
        });
        page.ws.send(check);
      }
      await sleep(1000);
      return async () => {
        stop = true;
        for (const page of pages) page.ws.send(JSON.stringify({ type: "check.cancel" }));
        await sleep(500);
        pages.forEach((p) => p.ws.terminate());
      };
    },
  },
  {
    name: "2,000 idle connections from one address",
    async start(lab) {
      const port = Number(new URL(lab.base).port);
      const sockets = Array.from({ length: 2000 }, () => net.connect({ host: "127.0.0.1", port, localAddress: "127.0.0.2" }).on("error", () => {}));
      await sleep(1000);
      return async () => sockets.forEach((s) => s.destroy());
    },
  },
  {
    name: "TCP parking: 90 unread connections to itself",
    async start(lab) {
      const { page, runId } = await program(lab, TCP_PARKING);
      await sleep(2000);
      return () => end(page, runId);
    },
  },
  {
    name: "connection churn (connect/close without pause)",
    async start(lab) {
      const { page, runId } = await program(lab, CONNECTION_CHURN);
      return () => end(page, runId);
    },
  },
];

async function runListening(page: PageClient): Promise<number> {
  const r = await page.start("bystander-run", { kind: "stage", stage: 1 }, 8888, 30_000);
  if (!r.ok) throw new Error(`the bystander's Run failed: ${r.message}`);
  return r.ms;
}

async function checkFirstResult(page: PageClient): Promise<number> {
  const t0 = performance.now();
  const outcome = (m: ServerMessage) => (m.type === "check.progress" && m.progress.state !== "running") || m.type === "check.report";
  const first = page.next((m) => (outcome(m) ? performance.now() - t0 : m.type === "check.failed" ? Number.NaN : undefined), 60_000, "the first check result");
  page.ws.send(JSON.stringify({ type: "check.start", exercise: 1, program: { kind: "stage", stage: 1 } }));
  const ms = await first;
  await page.next((m) => (m.type === "check.report" || m.type === "check.failed" ? true : undefined), 120_000, "the check to finish").catch(() => undefined);
  return ms;
}

export async function benchHostile(log: (line: string) => void): Promise<HostileRow[]> {
  const lab = await startLabProcess();
  const rows: HostileRow[] = [];
  try {
    const bystander = await PageClient.open(lab.base);
    const echo = await bystander.start("typist", { kind: "source", name: "echo_server.py", source: ECHO_SOURCE, stage: 3 });
    if (!echo.ok) throw new Error(`the bystander's echo server did not start: ${echo.message}`);
    const pipe = await bystander.terminal(echo.runId);
    await roundTrips(pipe, 50); // warm up
    // A student, as every page's user is (the join form covers the page until then): its own turn in the lines.
    const runner = await PageClient.open(lab.base);
    await runner.joinClass("Bea Bystander");
    for (const attack of ATTACKS) {
      log(`hostile: ${attack.name}`);
      const rss = watchRss(lab.pid);
      const stop = await attack.start(lab);
      await sleep(1000);
      const rtt: number[] = [];
      for (let i = 0; i < 150; i++) {
        rtt.push(...(await roundTrips(pipe, 1)).map((us) => us / 1000));
        await sleep(20);
      }
      const starts = [await runListening(runner), await runListening(runner), await runListening(runner)].sort((a, b) => a - b);
      const check = await checkFirstResult(runner);
      const peak = rss.stop();
      await stop();
      rows.push({ attack: attack.name, rttMs: summarize(rtt), runListeningMs: starts[1]!, runListeningMaxMs: starts[2]!, checkFirstResultMs: check, peakRssMiB: peak / (1024 * KiB) });
      log(`  round trip p50 ${rows.at(-1)!.rttMs.p50.toFixed(1)} p99 ${rows.at(-1)!.rttMs.p99.toFixed(1)} ms; Run→listening ${starts[1]!.toFixed(0)} ms; Check→first result ${check.toFixed(0)} ms; lab RSS peak ${(peak / 1024 / KiB).toFixed(0)} MiB`);
      await sleep(2000); // let the attack's runs end before the next one
    }
  } finally {
    log(`hostile: lab RSS at the end ${(rssOf(lab.pid) / 1024 / KiB).toFixed(0)} MiB`);
    await lab.stop();
  }
  return rows;
}
