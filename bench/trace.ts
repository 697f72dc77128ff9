// `npm run bench -- --only trace`: what tracing costs (docs/trace.md).
// - a chat round trip (client A's line reaching client B through chatserver4) traced and untraced,
//   interleaved, side by side (goal: at most 1.5x);
// - events a second: what the tracer can emit flat out, what the lab reads of one run before it
//   stops reading (the tracer then drops and counts), and what it sends to a page;
// - the lab's memory for one traced run's ring, filled;
// - how often "Show me the race" finds the interleaving on chatserver4 (and chatserver5: never).
import type { TraceEvent } from "../shared/trace-events";
import type { Connection, Sandbox, SandboxRun } from "../server/sandbox/types";
import { stageSource } from "../server/stages/catalogue";
import { RACE_TRACE, stressForRace } from "../server/trace/race-stress";
import { INTERACTIVE_TRACE, RunTrace, type TraceLimits } from "../server/trace/run-trace";
import { listening } from "../tests/support/sandbox-runs";
import { summarize, type Summary } from "../tests/support/stats";

export interface TraceBench {
  roundTrip: {
    untraced: Summary;
    traced: Summary;
    ratioP50: number;
    ratioP99: number;
    rounds: number;
    perRound: number;
    /** The same, traced by another checkout's tracer (BENCH_BEFORE_TREE), measured in the same rounds. */
    before?: { traced: Summary; ratioP50: number; ratioP99: number; tree: string };
  };
  rate: { flatOut: number; labReads: number; droppedByProgram: number; droppedByLab: number; seconds: number; budget: number };
  memory: { events: number; bytesPerEvent: number; ringMiB: number; raceRingMiB: number };
  race: { stage4: { runs: number; found: number; lost: number; kinds: Record<string, number> }; stage5: { runs: number; found: number; turns: number; lost: number } };
}

async function start(sandbox: Sandbox, source: string, trace: boolean, limits?: TraceLimits): Promise<{ run: SandboxRun; trace: RunTrace }> {
  const run = await sandbox.start({ source, fileName: "bench.py", trace });
  const t = new RunTrace(limits);
  run.on("trace", (s) => t.attach(s));
  run.on("exit", () => t.programExited());
  await listening(run);
  return { run, trace: t };
}

/** Two clients of a chat server: A's 64-byte line, timed until B has it. */
async function chatPair(run: SandboxRun): Promise<(n: number) => Promise<number[]>> {
  const [a, b]: Connection[] = [await run.connect(8888), await run.connect(8888)];
  let got = 0;
  let wake: (() => void) | null = null;
  b.on("data", (d) => {
    got += d.length;
    wake?.();
  });
  // Until both are in the list: a line from A reaches B.
  const line = Buffer.from(`${"x".repeat(61)}\r\n`);
  const once = async () => {
    const want = got + line.length;
    const t0 = process.hrtime.bigint();
    a.write(line);
    while (got < want) await new Promise<void>((r) => ((wake = r), setTimeout(r, 1000)));
    return Number(process.hrtime.bigint() - t0) / 1e3;
  };
  for (let i = 0; i < 50; i++) {
    a.write(line);
    await new Promise((r) => setTimeout(r, 20));
    if (got > 0) break;
  }
  got = 0;
  return async (n) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(await once());
    return out;
  };
}

/** Another checkout's sandbox, whose tracer is measured beside this one's (BENCH_BEFORE_TREE). */
export interface BeforeSandbox {
  tree: string;
  sandbox: Sandbox;
}

async function roundTrip(sandbox: Sandbox, rounds: number, perRound: number, log: (s: string) => void, before?: BeforeSandbox): Promise<TraceBench["roundTrip"]> {
  const source = stageSource(4);
  const runs = [await start(sandbox, source, false), await start(sandbox, source, true), ...(before ? [await start(before.sandbox, source, true)] : [])];
  const pairs = [];
  for (const r of runs) pairs.push(await chatPair(r.run));
  const samples: number[][] = runs.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < pairs.length; i++) samples[i].push(...(await pairs[i](perRound)));
    log(`  round trip, round ${r + 1}/${rounds}`);
  }
  await Promise.all(runs.map((r) => r.run.stop()));
  const [u, tr, old] = samples.map(summarize);
  const ratios = (s: Summary) => ({ ratioP50: s.p50 / u.p50, ratioP99: s.p99 / u.p99 });
  return { untraced: u, traced: tr, ...ratios(tr), rounds, perRound, ...(before && old ? { before: { traced: old, ...ratios(old), tree: before.tree } } : {}) };
}

const FLOOD = [
  "import socket, time",
  "s = socket.socket(); s.bind(('', 8888)); s.listen(5)",
  "c = socket.create_connection(('127.0.0.1', 8888)); a, _ = s.accept()",
  "end = time.monotonic() + 3",
  "while time.monotonic() < end:",
  "    a.send(b'x'); c.recv(1)",
  "time.sleep(60)",
].join("\n");

async function rate(sandbox: Sandbox, log: (s: string) => void): Promise<TraceBench["rate"]> {
  // Flat out: a budget no program reaches, so what the tracer itself can emit.
  const wide = await start(sandbox, FLOOD, true, { eventsPerSecond: 10_000_000, keep: 1000 });
  await new Promise((r) => setTimeout(r, 3500));
  const flatOut = (wide.trace.status.received + wide.trace.status.droppedByProgram) / 3;
  await wide.run.stop();
  log("  rate: flat out measured");
  const budget = INTERACTIVE_TRACE.eventsPerSecond;
  const lab = await start(sandbox, FLOOD, true);
  await new Promise((r) => setTimeout(r, 3500));
  const { received, droppedByProgram, droppedByLab } = lab.trace.status;
  await lab.run.stop();
  return { flatOut, labReads: received / 3, droppedByProgram, droppedByLab, seconds: 3, budget };
}

function memory(): TraceBench["memory"] {
  const gc = (globalThis as { gc?: () => void }).gc;
  const events = 50_000;
  const trace = new RunTrace({ eventsPerSecond: events, keep: events });
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const fields = (i: number): TraceEvent => ({ kind: "send", t: 1000 + i, thread: i % 20, line: 25, conn: i % 50, op: "sendall", bytes: 37, preview: `line ${i % 3} from client ${i % 50} (round 1)\r\n`, holding: [], via: 1, index: i % 50, wait: 0.02 });
  for (let i = 0; i < events; i++) (trace as unknown as { accept(e: TraceEvent): void }).accept(fields(i));
  gc?.();
  const bytesPerEvent = (process.memoryUsage().heapUsed - before) / events;
  trace.close();
  return { events, bytesPerEvent, ringMiB: (bytesPerEvent * INTERACTIVE_TRACE.keep) / 2 ** 20, raceRingMiB: (bytesPerEvent * RACE_TRACE.keep) / 2 ** 20 };
}

async function race(sandbox: Sandbox, runs: number, log: (s: string) => void): Promise<TraceBench["race"]> {
  const out: TraceBench["race"] = { stage4: { runs, found: 0, lost: 0, kinds: {} }, stage5: { runs, found: 0, turns: 0, lost: 0 } };
  for (const stage of [4, 5] as const) {
    for (let i = 0; i < runs; i++) {
      const { run, trace } = await start(sandbox, stageSource(stage), true, RACE_TRACE);
      const found = await stressForRace(run, trace, 8888, { onLive: () => {}, rounds: 1 });
      await run.stop();
      const first = found.findings.races[0];
      if (stage === 4) {
        if (first) (out.stage4.found++, (out.stage4.kinds[first.kind] = (out.stage4.kinds[first.kind] ?? 0) + 1));
        if (found.summary.stats.linesLost > 0) out.stage4.lost++;
      } else {
        if (first) out.stage5.found++;
        if (found.findings.turns) out.stage5.turns++;
        if (found.summary.stats.linesLost > 0) out.stage5.lost++;
      }
      log(`  race: chatserver${stage} run ${i + 1}/${runs}: ${first ? first.kind : "none"} (${found.summary.stats.linesLost} lost, ${found.findings.walks} walks)`);
    }
  }
  return out;
}

export async function benchTrace(sandbox: Sandbox, o: { quick: boolean; log: (s: string) => void; before?: BeforeSandbox }): Promise<TraceBench> {
  o.log(`trace: round trip traced vs untraced${o.before ? `, and traced by ${o.before.tree}'s tracer` : ""}`);
  const roundTripResult = await roundTrip(sandbox, o.quick ? 3 : 6, o.quick ? 200 : 500, o.log, o.before);
  o.log("trace: events a second");
  const rateResult = await rate(sandbox, o.log);
  const memoryResult = memory();
  o.log("trace: Show me the race");
  const raceResult = await race(sandbox, o.quick ? 5 : 20, o.log);
  return { roundTrip: roundTripResult, rate: rateResult, memory: memoryResult, race: raceResult };
}
