// The strong sandbox. Each run gets a supervisor in a network namespace of its own (so every
// student's program can bind port 8888 and nothing leaves the namespace), and the program runs
// under bubblewrap inside it with its own uid, pid/ipc/mount namespaces, rlimits and a cgroup.
// A few supervisors are kept started ahead of time: a run then starts as fast as bubblewrap can.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { removeLeftoverCgroups, RunCgroup, runIdPrefix } from "./cgroups";
import { intentEnv } from "./intents";
import type { Python } from "./python";
import { RUN_ETC, runCommand } from "./run-command";
import { STATE_DIR } from "../paths";
import { supervisorScript } from "./supervisor-bundle";
import { SITE_DIR, TRACER_DIR, traceSocketName, tracerEnv } from "../trace/tracer-env";
import { SupervisedRun } from "./supervised-run";
import type { Isolation, Limits, Sandbox, SandboxRun, StartOptions } from "./types";

/**
 * Host uids handed to runs, one per live run, far from real users' and containers' usual ranges.
 * Each lab process takes its own block of 1000 (by pid) so two labs on one host rarely share one.
 */
/** The block of host uids a lab process gives its runs, one uid per live run. */
export function runUidBlock(labPid: number): { first: number; count: number } {
  return { first: 3_000_000 + (labPid % 1000) * 1000, count: 1000 };
}
export const RUN_UIDS = runUidBlock(process.pid);
const WARM_SUPERVISORS = 2;
/** How long after taking a warm supervisor the pool is topped up again (see takeSupervisor). */
const REFILL_DELAY_MS = 250;

let sequence = 0;

/**
 * A supervisor's environment: PATH only (for `ip` and the run's `sh`). The lab's own environment may
 * carry NODE_EXTRA_CA_CERTS, which makes every Node process load a CA bundle at start (about 40 ms of
 * CPU and 100 ms here, per run, for certificates a supervisor never uses), or NODE_OPTIONS meant for
 * the lab. The program itself gets its own environment from bubblewrap (--clearenv).
 */
export function supervisorEnv(): NodeJS.ProcessEnv {
  return { NODE_ENV: process.env.NODE_ENV, PATH: process.env.PATH || "/usr/sbin:/usr/bin:/sbin:/bin" };
}

/**
 * What labs that died without cleaning up left in the state folder: their run folders (their pid is
 * gone: nothing uses them) and, when no other lab is running, supervisor bundles of older versions
 * of the lab (one is made per version of supervisor.ts; a running lab of another version may still
 * need its own).
 */
function removeLeftovers(): void {
  let entries: string[] = [];
  try {
    entries = readdirSync(STATE_DIR);
  } catch {
    return;
  }
  let otherLabs = 0;
  for (const entry of entries) {
    const pid = Number(/^runs-(\d+)$/.exec(entry)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
      otherLabs++;
    } catch {
      rmSync(join(STATE_DIR, entry), { recursive: true, force: true });
    }
  }
  if (otherLabs > 0) return;
  const ours = basename(supervisorScript());
  for (const entry of entries) {
    if (/^supervisor-[0-9a-f]+\.cjs$/.test(entry) && entry !== ours) rmSync(join(STATE_DIR, entry), { force: true });
  }
}

export class NamespaceSandbox implements Sandbox {
  readonly isolation: Isolation = { isolated: true, description: "own network, pid and mount namespaces, uid and cgroup per run" };
  private readonly warm: ChildProcess[] = [];
  private readonly runs = new Set<SupervisedRun>();
  private readonly uidsInUse = new Set<number>();
  private closed = false;
  private readonly runsDir = join(STATE_DIR, `runs-${process.pid}`);

  constructor(
    private readonly limits: Limits,
    private readonly python: Python,
  ) {
    removeLeftovers();
    void removeLeftoverCgroups();
    mkdirSync(this.runsDir, { recursive: true, mode: 0o711 });
    // The tracer's Python files, copied where every run's uid may read them (the lab's own folder
    // need not be readable by other users); bound read-only into traced runs.
    for (const [from, to] of [[SITE_DIR, "site"], [TRACER_DIR, "tracer"]]) {
      cpSync(from, join(this.runsDir, to), { recursive: true, filter: (path) => !path.includes("__pycache__") });
    }
    this.fillPool();
  }

  private spawnSupervisor(): ChildProcess {
    // The supervisor must be root inside the new network namespace to bring its loopback up; the
    // lab is root here (strong mode requires it). It is also pid 1 of a pid namespace of its own:
    // bubblewrap can orphan a process, and not every host's init reaps orphans, so their zombies
    // would pile up (each counting against the run uid's process limit). When the supervisor
    // ends, the kernel reaps everything in its namespace; --kill-child ties its life to unshare's.
    // --mount-proc gives that namespace its own /proc: bubblewrap (--info-fd) reads its child's
    // namespaces at /proc/<pid as it sees it>, and on the host's /proc that pid is another process,
    // or none (then every run failed: "bwrap: open /proc/10/ns/ns failed").
    const child = spawn("unshare", ["--net", "--pid", "--fork", "--mount-proc", "--kill-child", "--", process.execPath, supervisorScript()], {
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "json",
      env: supervisorEnv(),
    });
    child.stderr?.on("data", (d: Buffer) => process.stderr.write(`[supervisor ${child.pid}] ${d}`));
    child.on("error", () => {});
    return child;
  }

  private fillPool(): void {
    while (!this.closed && this.warm.length < WARM_SUPERVISORS) {
      const child = this.spawnSupervisor();
      const ready = (message: { type?: string }) => {
        if (message?.type === "ready") (child as ChildProcess & { ready?: boolean }).ready = true;
      };
      child.on("message", ready);
      child.once("exit", () => {
        const i = this.warm.indexOf(child);
        if (i >= 0) this.warm.splice(i, 1);
      });
      this.warm.push(child);
    }
  }

  private takeSupervisor(): ChildProcess {
    const i = this.warm.findIndex((c) => c.exitCode === null && c.connected);
    const child = i >= 0 ? this.warm.splice(i, 1)[0] : this.spawnSupervisor();
    child.removeAllListeners("message");
    // Refill a moment later, not at once: a new supervisor's start (Node starting up) would otherwise
    // compete for the CPU with the program starting right now, which the student is waiting for.
    setTimeout(() => this.fillPool(), REFILL_DELAY_MS).unref();
    return child;
  }

  private allocateUid(): number {
    for (let i = 0; ; i++) {
      if (!this.uidsInUse.has(RUN_UIDS.first + i)) {
        this.uidsInUse.add(RUN_UIDS.first + i);
        return RUN_UIDS.first + i;
      }
    }
  }

  async start(options: StartOptions): Promise<SandboxRun> {
    if (this.closed) throw new Error("the lab is shutting down");
    const id = `${runIdPrefix(process.pid)}${(++sequence).toString(36)}`;
    const limits = this.limits;
    const intents = intentEnv(options);
    const uid = this.allocateUid();
    const runDir = join(this.runsDir, id);
    // Files and cgroups are made without blocking the event loop, which carries every terminal.
    await mkdir(join(runDir, "etc"), { recursive: true, mode: 0o755 });
    await Promise.all([
      ...Object.entries(RUN_ETC).map(([name, text]) => writeFile(join(runDir, "etc", name), text, { mode: 0o644 })),
      writeFile(join(runDir, options.fileName), options.source, { mode: 0o644 }),
    ]);

    let cgroup: RunCgroup | null = null;
    try {
      cgroup = await RunCgroup.create(`${id}`, limits);
    } catch (error) {
      process.stderr.write(`cgroup for ${id} not made, rlimits only: ${String(error)}\n`);
    }
    if (this.closed) {
      // The lab began shutting down while this run's files were made: undo them, start nothing.
      await cgroup?.destroy();
      await rm(runDir, { recursive: true, force: true });
      this.uidsInUse.delete(uid);
      throw new Error("the lab is shutting down");
    }
    const traceSocket = options.trace ? traceSocketName() : undefined;
    // The lab's sitecustomize (site/) is on the program's path only when an intent or the tracer needs it.
    const site = traceSocket !== undefined || Object.keys(intents).length > 0;
    const command = runCommand({
      python: this.python,
      limits,
      uid,
      runDir,
      fileName: options.fileName,
      env: { ...(site ? { PYTHONPATH: "/lab-site" } : {}), ...intents, ...(traceSocket ? tracerEnv(traceSocket, `/lab/${options.fileName}`, ["/lab-site", "/lab-tracer"]) : {}) },
      extraBinds: [...(site ? [[join(this.runsDir, "site"), "/lab-site"] as [string, string]] : []), ...(traceSocket ? [[join(this.runsDir, "tracer"), "/lab-tracer"] as [string, string]] : [])],
    });
    const supervisor = this.takeSupervisor();
    const run = new SupervisedRun(id, supervisor, cgroup, limits, async () => {
      this.runs.delete(run);
      this.uidsInUse.delete(uid);
      await rm(runDir, { recursive: true, force: true });
    });
    this.runs.add(run);
    run.begin({ type: "start", command, cgroupProcs: cgroup?.procsFiles ?? [], outputBytesPerSecond: limits.outputBytesPerSecond, traceSocket });
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const child of this.warm.splice(0)) child.kill("SIGKILL");
    await Promise.all([...this.runs].map((run) => run.stop("the lab is shutting down")));
    rmSync(this.runsDir, { recursive: true, force: true });
  }
}
