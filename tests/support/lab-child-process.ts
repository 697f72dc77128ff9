// Start lab-child.ts as its own process and talk to it from outside, as browsers would.
import { join } from "node:path";
import { readConfig, type LabConfig } from "../../server/config";
import { spawnUntilReady, type LabProcess as SpawnedLab } from "./lab-process";

const ROOT = join(import.meta.dirname, "..", "..");

export interface LabProcess extends SpawnedLab {
  /** The lab server's own pid (node running lab-child.ts; no tsx wrapper in between). */
  pid: number;
  /** The lab's own view of its memory (after a full GC when started with --expose-gc), and its event loop's delay since the last call. */
  memoryUsage(): Promise<LabSelfReport>;
}

export interface LabSelfReport extends NodeJS.MemoryUsage {
  /** How late timers fired in the lab's event loop since the previous report, ms (10 ms resolution). */
  eventLoopDelay: { p50: number; p99: number; max: number };
}

export interface LabProcessOptions {
  overrides?: Partial<LabConfig>;
  /** Extra node flags for the lab process, e.g. ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"]. */
  nodeFlags?: string[];
  env?: Record<string, string>;
  /** Descriptors a shell opens for the lab process, e.g. "20</etc/hostname" (see spawnUntilReady). */
  redirect?: string;
}

/**
 * Terminals without their budget (LAB_TERMINAL_KBPS, 1 MiB/s a run by default): for measuring the
 * bridge itself, which moves 100+ MiB a second.
 */
export function unmeteredTerminals(): Pick<LabConfig, "rates"> {
  return { rates: { ...readConfig().rates, terminalBytesPerSecond: 1024 ** 3 } };
}

/**
 * A whole class started from one script comes from 127.0.0.1, one address, faster than any class
 * arrives and mostly without joining: the per-address limits on new sessions, joins and the runs of
 * browsers that never joined (server/admission/) are lifted for loads and benchmarks that measure
 * something else.
 */
export function wholeClassFromLoopback(): Pick<LabConfig, "arrivals" | "shares"> {
  const config = readConfig();
  return { arrivals: { sessionsPerMinute: 1_000_000, studentsPerMinute: 1_000_000 }, shares: { ...config.shares, unjoinedRunsPerAddress: 100_000 } };
}

export async function startLabProcess(options: LabProcessOptions = {}): Promise<LabProcess> {
  const lab = await spawnUntilReady(
    [...(options.nodeFlags ?? []), "--import", "tsx", join(ROOT, "tests", "support", "lab-child.ts")],
    { LOAD_LAB_OVERRIDES: JSON.stringify(options.overrides ?? {}), ...options.env },
    /READY (http:\/\/[\d.]+:\d+)/,
    "pipe", // the lab child stops when its stdin ends: a parent that dies leaves no lab behind
    options.redirect,
  );
  const child = lab.child;
  return {
    ...lab,
    pid: child.pid!,
    memoryUsage() {
      return new Promise<LabSelfReport>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("the lab did not report its memory")), 10_000);
        let line = "";
        const onData = (d: Buffer) => {
          line += d.toString();
          const m = /MEM (\{.*\})\n/.exec(line);
          if (!m) return;
          clearTimeout(timer);
          child.stdout!.off("data", onData);
          resolve(JSON.parse(m[1]) as LabSelfReport);
        };
        child.stdout!.on("data", onData);
        child.kill("SIGUSR2");
      });
    },
  };
}
