// `npm run bench -- --only runner`: the runner interface itself (server/sandbox/types.ts), in this
// process, with no WebSocket in front: what a run costs (start to listening, memory) and what a
// Connection adds over raw TCP. docs/scaling.md quotes these to size runner hosts.
import { spawn } from "node:child_process";
import net from "node:net";
import { performance } from "node:perf_hooks";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readConfig } from "../server/config";
import { createSandbox } from "../server/sandbox";
import type { Connection, SandboxRun } from "../server/sandbox/types";
import { descendants, kindOf, listProcs, memOf } from "../tests/support/procs";
import { fmt, percentile, sleep } from "../tests/support/stats";
import { ROOT } from "./lib/doc";

const ECHO = readFileSync(join(ROOT, "bench", "lib", "echo_server.py"), "utf8");
const MiB = 1024 * 1024;

export interface RunnerResult {
  runs: number;
  startMs: { p50: number; p90: number };
  /** PSS per run: supervisor, wrappers (unshare, bubblewrap) and the program, MiB. */
  perRunPssMiB: number;
  rttUs: Record<"raw TCP" | "Connection", { p50: number; p99: number }>;
  bulkMiBps: Record<"raw TCP" | "Connection", number>;
}

/** What both paths offer: write, and data as it comes. */
interface Pipe {
  write(b: Buffer): void;
  onData(f: (b: Buffer) => void): void;
  close(): void;
}

const fromConnection = (c: Connection): Pipe => ({ write: (b) => c.write(b), onData: (f) => c.on("data", f), close: () => c.destroy() });
const fromSocket = (s: net.Socket): Pipe => (s.setNoDelay(true), { write: (b) => s.write(b), onData: (f) => s.on("data", f), close: () => s.destroy() });

async function roundTrips(pipe: Pipe, count: number): Promise<number[]> {
  const times: number[] = [];
  let resolve: () => void = () => {};
  let got = 0;
  pipe.onData((b) => {
    got += b.length;
    if (got >= 64) resolve();
  });
  const payload = Buffer.alloc(64, 120);
  for (let i = 0; i < count; i++) {
    got = 0;
    const t0 = performance.now();
    await new Promise<void>((r) => ((resolve = r), pipe.write(payload)));
    times.push((performance.now() - t0) * 1000);
  }
  return times.sort((a, b) => a - b);
}

async function bulk(pipe: Pipe, bytes: number): Promise<number> {
  let got = 0;
  const chunk = Buffer.alloc(64 * 1024, 121);
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    pipe.onData((b) => {
      got += b.length;
      if (got >= bytes) resolve();
    });
    // At most 4 MiB in flight, like the terminal-path bench.
    let sent = 0;
    const pump = () => {
      while (sent < bytes && sent - got < 4 * MiB) (pipe.write(chunk), (sent += chunk.length));
      if (sent < bytes) setTimeout(pump, 1);
    };
    pump();
  });
  return bytes / MiB / ((performance.now() - t0) / 1000);
}

function listening(run: SandboxRun): Promise<void> {
  return new Promise((resolve, reject) => {
    if (run.ports.includes(8888)) return resolve();
    const timer = setTimeout(() => reject(new Error("the echo server did not listen within 10 s")), 10_000);
    run.on("ports", (p) => p.includes(8888) && (clearTimeout(timer), resolve()));
  });
}

export async function benchRunner(o: { runs: number; rtt: number; bulkBytes: number; log: (s: string) => void }): Promise<RunnerResult> {
  const { sandbox } = await createSandbox(readConfig().limits, "strong");
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

    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer();
      probe.listen(0, "127.0.0.1", () => {
        const p = (probe.address() as net.AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    const raw = spawn("python3", ["-u", "-c", ECHO, String(port)], { stdio: "ignore" });
    try {
      let socket: net.Socket | null = null;
      for (let i = 0; i < 200 && !socket; i++) {
        socket = await new Promise<net.Socket | null>((resolve) => {
          const s = net.connect(port, "127.0.0.1", () => resolve(s));
          s.once("error", () => resolve(null));
        });
        if (!socket) await sleep(10);
      }
      const paths = { "raw TCP": fromSocket(socket!), Connection: fromConnection(await runs[0].connect(8888)) };
      const rttUs = {} as RunnerResult["rttUs"];
      const bulkMiBps = {} as RunnerResult["bulkMiBps"];
      for (const [name, pipe] of Object.entries(paths) as Array<[keyof typeof paths, Pipe]>) {
        await roundTrips(pipe, 200);
        const t = await roundTrips(pipe, o.rtt);
        rttUs[name] = { p50: percentile(t, 50), p99: percentile(t, 99) };
      }
      for (const [name, pipe] of Object.entries(paths) as Array<[keyof typeof paths, Pipe]>) {
        await bulk(pipe, 8 * MiB);
        bulkMiBps[name] = await bulk(pipe, o.bulkBytes);
        pipe.close();
      }
      const result = { runs: o.runs, startMs: { p50: percentile(starts, 50), p90: percentile(starts, 90) }, perRunPssMiB, rttUs, bulkMiBps };
      o.log(
        `runner: start→listening p50 ${fmt(result.startMs.p50, 1)} ms, p90 ${fmt(result.startMs.p90, 1)} ms; ≈${fmt(perRunPssMiB, 1)} MiB PSS per run; ` +
          `64 B round trip p50/p99: raw ${fmt(rttUs["raw TCP"].p50)}/${fmt(rttUs["raw TCP"].p99)} µs, Connection ${fmt(rttUs.Connection.p50)}/${fmt(rttUs.Connection.p99)} µs; ` +
          `bulk echo: raw ${fmt(bulkMiBps["raw TCP"])} MiB/s, Connection ${fmt(bulkMiBps.Connection)} MiB/s`,
      );
      return result;
    } finally {
      raw.kill();
    }
  } finally {
    await Promise.all(runs.map((r) => r.stop()));
    await sandbox.close();
  }
}
