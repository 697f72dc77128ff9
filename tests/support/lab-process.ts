// A lab in a process of its own, started and stopped as an instructor would (SIGTERM = Ctrl-C).
// startLabProcess: the whole lab as `npm start` runs it (pages and sockets, one process), on a free
// port. spawnUntilReady is shared with the load tests' lab (tests/support/lab-child-process.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");

export interface LabProcess {
  base: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM, then the exit code once the lab has stopped every run and exited. */
  stop(): Promise<number | null>;
}

/**
 * Spawns `node args…` in the project folder and resolves once its output matches `ready` (whose
 * first group is the lab's base URL); rejects with the output so far if it exits first or takes
 * more than 60 s. Output is kept (the last 200 kB) for error messages. `redirect` (e.g. "20</etc/hostname")
 * starts node through bash, which opens those descriptors for it, as an instructor's shell would.
 */
export async function spawnUntilReady(args: string[], env: Record<string, string>, ready: RegExp, stdin: "ignore" | "pipe" = "ignore", redirect = ""): Promise<LabProcess> {
  // Each lab started by a test keeps its class in a folder of its own (not the project's data/).
  const dataDir = env.LAB_DATA_DIR || env.DATABASE_URL ? null : mkdtempSync(join(tmpdir(), "lab-class-"));
  if (dataDir) env = { ...env, LAB_DATA_DIR: dataDir };
  const [command, argv] = redirect ? ["/bin/bash", ["-c", `exec "$@" ${redirect}`, "bash", process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(command, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: [stdin, "pipe", "pipe"] });
  let output = "";
  const keep = (d: Buffer) => (output = (output + d).slice(-200_000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the lab did not start within 60 s:\n${output}`)), 60_000);
    child.stdout!.on("data", () => {
      const url = ready.exec(output)?.[1];
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
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
      child.kill("SIGTERM");
      const code = await exited;
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

export function startLabProcess(env: Record<string, string> = {}): Promise<LabProcess> {
  return spawnUntilReady(
    [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), join(ROOT, "server", "main.ts")],
    { PORT: "0", HOST: "127.0.0.1", LAB_SANDBOX: "strong", ...env },
    /ready on (http:\/\/[\d.]+:\d+)/,
  );
}
