// Start lab-child.ts as its own process and talk to it from outside, as browsers would.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { LabConfig } from "../../../server/config";

const ROOT = join(import.meta.dirname, "..", "..", "..");

export interface LabProcess {
  base: string;
  /** The lab server's own pid (node running lab-child.ts; no tsx wrapper in between). */
  pid: number;
  child: ChildProcess;
  output(): string;
  /** The lab's own view of its memory (after a full GC when started with --expose-gc), and its event loop's delay since the last call. */
  memoryUsage(): Promise<LabSelfReport>;
  /** SIGTERM, as an instructor's Ctrl-C: the lab stops every run, then exits. */
  stop(): Promise<number | null>;
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
}

export async function startLabProcess(options: LabProcessOptions = {}): Promise<LabProcess> {
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), "--import", "tsx", join(ROOT, "tests", "load", "lib", "lab-child.ts")], {
    cwd: ROOT,
    env: { ...process.env, LOAD_LAB_OVERRIDES: JSON.stringify(options.overrides ?? {}), ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output = (output + d).slice(-200_000)));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the lab did not start within 60 s:\n${output}`)), 60_000);
    child.stdout!.on("data", () => {
      const url = /READY (http:\/\/[\d.]+:\d+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the lab exited with code ${code}:\n${output}`));
    });
  });
  return {
    base,
    pid: child.pid!,
    child,
    output: () => output,
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
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
      child.kill("SIGTERM");
      return exited;
    },
  };
}
