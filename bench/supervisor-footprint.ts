// What one run's supervisor costs before it does anything: time from spawn to its "ready" message,
// and memory (RSS counts the shared node binary in full for every process; PSS shares it out;
// private is what each one alone adds). Node flags and the environment it inherits are compared,
// each variant started `count` times, as namespace-sandbox.ts starts it.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { buildSync } from "esbuild";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { supervisorEnv } from "../server/sandbox/namespace-sandbox";
import { supervisorScript } from "../server/sandbox/supervisor-bundle";
import { memOf } from "../tests/support/procs";
import { sleep, summarize } from "../tests/support/stats";

const ROOT = join(import.meta.dirname, "..");
/** The commit before the supervisor lost zod and its inherited environment. */
const BEFORE = "ba81fd7^";

/** The supervisor as it was built before ba81fd7 (zod bundled), for comparison; null without git history. */
function bundleBefore(dir: string): string | null {
  try {
    const source = execFileSync("git", ["show", `${BEFORE}:server/sandbox/supervisor.ts`], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const out = buildSync({ stdin: { contents: source, resolveDir: join(ROOT, "server", "sandbox"), sourcefile: "supervisor-before.ts", loader: "ts" }, write: false, bundle: true, platform: "node", format: "cjs", target: "node20", logLevel: "error" });
    const file = join(dir, "supervisor-before.cjs");
    writeFileSync(file, out.outputFiles[0].contents);
    return file;
  } catch {
    return null;
  }
}

export interface FootprintRow {
  variant: string;
  readyMs: number;
  rssMiB: number;
  pssMiB: number;
  privateMiB: number;
}

function childOf(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/)[0]);
}

async function measure(variant: string, flags: string[], env: NodeJS.ProcessEnv, count: number, script = supervisorScript()): Promise<FootprintRow> {
  const children: ChildProcess[] = [];
  const ready: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      const child = spawn("unshare", ["--net", "--pid", "--fork", "--mount-proc", "--kill-child", "--", process.execPath, ...flags, script], { stdio: ["ignore", "ignore", "ignore", "ipc"], serialization: "json", env });
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${variant}: no ready message`)), 20_000);
        child.on("message", (m: { type?: string }) => {
          if (m?.type !== "ready") return;
          clearTimeout(timer);
          resolve();
        });
      });
      ready.push(performance.now() - t0);
      await sleep(100);
    }
    await sleep(500);
    const mems = children.map((c) => memOf(childOf(c.pid!)));
    const med = (xs: number[]) => summarize(xs).p50 / (1024 * 1024);
    return { variant, readyMs: summarize(ready).p50, rssMiB: med(mems.map((m) => m.rss)), pssMiB: med(mems.map((m) => m.pss)), privateMiB: med(mems.map((m) => m.private)) };
  } finally {
    for (const c of children) c.kill("SIGKILL");
    await sleep(200);
  }
}

export async function benchSupervisorFootprint(count = 6): Promise<{ bundleKiB: number; beforeKiB: number | null; rows: FootprintRow[] }> {
  const env = supervisorEnv();
  const rows: FootprintRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), "lab-bench-supervisor-"));
  try {
    const before = bundleBefore(dir);
    if (before) rows.push(await measure("before ba81fd7: zod bundled, the lab's whole environment", [], process.env, count, before));
    for (const [variant, flags] of [
      ["as the lab starts it now", []],
      ["now + --max-semi-space-size=1", ["--max-semi-space-size=1"]],
      ["now + --max-old-space-size=16", ["--max-old-space-size=16"]],
      ["now + --jitless", ["--jitless"]],
      ["now + --lite-mode", ["--lite-mode"]],
    ] as Array<[string, string[]]>) {
      rows.push(await measure(variant, flags, env, count));
    }
    return { bundleKiB: statSync(supervisorScript()).size / 1024, beforeKiB: before ? statSync(before).size / 1024 : null, rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
