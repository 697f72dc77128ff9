// `npm run bench -- --only runner`: the runner interface itself (server/sandbox/types.ts), in this
// process, with no WebSocket in front: what a run costs (start to listening, memory) and what a
// Connection adds over raw TCP. docs/scaling.md quotes these to size runner hosts.
import { performance } from "node:perf_hooks";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SandboxRun } from "../server/sandbox/types";
import { LineClient } from "../tests/support/line-client";
import { listProcs } from "../tests/support/host";
import { descendants, kindOf, memOf } from "../tests/support/procs";
import { listening, strongSandbox } from "../tests/support/sandbox-runs";
import { fmt, percentile, sleep, summarize } from "../tests/support/stats";
import { ROOT, type Machine } from "./lib/doc";
import { freePort, waitAccepts } from "../tests/support/ports";
import { bulkEcho, roundTrips, spawnProcess } from "./lib/pipes";

const ECHO = readFileSync(join(ROOT, "bench", "lib", "echo_server.py"), "utf8");
const MiB = 1024 * 1024;

export interface RunnerResult {
  runs: number;
  startMs: { p50: number; p90: number };
  /** PSS per run: supervisor, wrappers (unshare, bubblewrap) and the program, MiB. */
  perRunPssMiB: number;
  rttUs: Record<PathName, { p50: number; p99: number }>;
  bulkMiBps: Record<PathName, number>;
}

type PathName = "raw TCP" | "Connection";

export async function benchRunner(o: { runs: number; rtt: number; bulkBytes: number; log: (s: string) => void }): Promise<RunnerResult> {
  const sandbox = await strongSandbox();
  const runs: SandboxRun[] = [];
  try {
    await sleep(1000); // the warm supervisors are ready
    const starts: number[] = [];
    for (let i = 0; i < o.runs; i++) {
      const t0 = performance.now();
      const run = await sandbox.start({ source: ECHO, fileName: "echo_server.py" });
      await listening(run);
      starts.push(performance.now() - t0);
      runs.push(run);
      await sleep(300); // the pool refills between starts, as between students
    }
    starts.sort((a, b) => a - b);
    // A run's processes: the unshare this process started and everything under it (supervisor,
    // bubblewrap, the program); the warm pool's idle supervisors (no program under them) aside.
    const trees = listProcs()
      .filter((p) => p.ppid === process.pid && p.comm === "unshare")
      .map((p) => [p, ...descendants(p.pid)])
      .filter((tree) => tree.some((p) => kindOf(p) === "program"));
    const perRunPssMiB = trees.reduce((sum, tree) => sum + tree.reduce((s, p) => s + memOf(p.pid).pss, 0), 0) / Math.max(1, trees.length) / MiB;

    const port = await freePort();
    const raw = spawnProcess("python3", ["-u", "-c", ECHO, String(port)]);
    try {
      await waitAccepts(port, 10_000, 10);
      const paths = [await LineClient.tcp(port, { name: "raw TCP", keep: 0 }), LineClient.over(await runs[0].connect(8888), { name: "Connection", keep: 0 })];
      const rttUs = {} as RunnerResult["rttUs"];
      const bulkMiBps = {} as RunnerResult["bulkMiBps"];
      for (const pipe of paths) {
        await roundTrips(pipe, 200);
        const t = summarize(await roundTrips(pipe, o.rtt));
        rttUs[pipe.name as PathName] = { p50: t.p50, p99: t.p99 };
      }
      for (const pipe of paths) {
        await bulkEcho(pipe, 8 * MiB);
        bulkMiBps[pipe.name as PathName] = await bulkEcho(pipe, o.bulkBytes);
        await pipe.close();
      }
      const result = { runs: o.runs, startMs: { p50: percentile(starts, 50), p90: percentile(starts, 90) }, perRunPssMiB, rttUs, bulkMiBps };
      o.log(
        `runner: start→listening p50 ${fmt(result.startMs.p50, 1)} ms, p90 ${fmt(result.startMs.p90, 1)} ms; ≈${fmt(perRunPssMiB, 1)} MiB PSS per run; ` +
          `64 B round trip p50/p99: raw ${fmt(rttUs["raw TCP"].p50)}/${fmt(rttUs["raw TCP"].p99)} µs, Connection ${fmt(rttUs.Connection.p50)}/${fmt(rttUs.Connection.p99)} µs; ` +
          `bulk echo: raw ${fmt(bulkMiBps["raw TCP"])} MiB/s, Connection ${fmt(bulkMiBps.Connection)} MiB/s`,
      );
      return result;
    } finally {
      await raw.stop();
    }
  } finally {
    await Promise.all(runs.map((r) => r.stop()));
    await sandbox.close();
  }
}

/** docs/scaling.md's "Runner interface figures" block: the figures, with the machine and its load. */
export function runnerMarkdown(m: Machine, command: string, loadAfter: number[], r: RunnerResult): string {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(", ");
  return [
    `Measured ${new Date().toISOString().replace(/\.\d+Z$/, "Z")} with \`${command}\` on ${m.nproc} cores (${m.cpu}), kernel ${m.kernel}, Node ${m.node}, ${m.python}, ${m.bubblewrap}.`,
    `Load average (1, 5, 15 min) before: ${load(m.loadBefore)}; after: ${load(loadAfter)}${loadAfter[0]! > 2 * Number(m.nproc) ? " — the machine was busy with other work (more than twice as many runnable tasks as cores), so read the times as upper bounds" : ""}.`,
    "",
    "| what | the runner interface | compared with |",
    "| --- | --- | --- |",
    `| a run started → its program listening on 8888 (${r.runs} runs, one after another, warm supervisors) | p50 ${fmt(r.startMs.p50, 1)} ms, p90 ${fmt(r.startMs.p90, 1)} ms | |`,
    `| memory per run (PSS: supervisor, unshare and bubblewrap, the echo program) | ${fmt(r.perRunPssMiB, 1)} MiB | |`,
    `| 64-byte line round trip through a \`Connection\` (no WebSocket) | p50 ${fmt(r.rttUs.Connection.p50)} µs, p99 ${fmt(r.rttUs.Connection.p99)} µs | raw loopback TCP to the same echo server outside the sandbox: p50 ${fmt(r.rttUs["raw TCP"].p50)} µs, p99 ${fmt(r.rttUs["raw TCP"].p99)} µs |`,
    `| bulk echo through a \`Connection\`, 4 MiB in flight, every byte checked | ${fmt(r.bulkMiBps.Connection)} MiB/s | raw TCP: ${fmt(r.bulkMiBps["raw TCP"])} MiB/s |`,
  ].join("\n");
}
