// Run start: from Run (run.start) to "listening on port 8888" (run.state with the port), against a
// plain `python3` without any sandbox (spawn → the port accepts). Two more measurements split the
// difference into its parts: the sandbox's command line alone (prlimit, setpriv, bubblewrap, in a
// fresh network namespace, no lab, no supervisor), and a warm supervisor alone (the lab's IPC
// message → its port report, no lab server). All four are interleaved, one of each per round.
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readConfig } from "../server/config";
import { stageSource } from "../server/stages/catalogue";
import { findPython } from "../server/sandbox/python";
import { RUN_ETC, runCommand } from "../server/sandbox/run-command";
import { supervisorScript } from "../server/sandbox/supervisor-bundle";
import { PageClient } from "../tests/support/clients";
import type { LabProcess } from "../tests/support/lab-child-process";
import { sleep, summarize, type Summary } from "../tests/support/stats";
import { freePort, waitAccepts } from "../tests/support/ports";

export const CHATSERVER5 = stageSource(5);

export interface StartResult {
  /** ms, plain python3 -u chatserver5.py: spawn → the port accepts. */
  plain: Summary;
  /** ms, the sandbox's command line in a new network namespace, without lab or supervisor. */
  sandboxCommand: Summary;
  /** ms, a warm supervisor: start message → its "ports" message with 8888. */
  supervisor: Summary;
  /** ms, the lab: run.start → run.state running with 8888 (warm supervisor pool, as a student finds it). */
  lab: Summary;
}

/**
 * LISTEN on `port` in the network namespace of `pid`, polled here every ms. As the supervisor does,
 * /proc/net/tcp (3 ms a read: the kernel walks the host's whole connection table) is read only
 * once the namespace's socket count (/proc/net/sockstat, ~20 µs) says something is there.
 */
function listensIn(pid: number, port: number): boolean {
  try {
    if (/TCP: inuse 0/.test(readFileSync(`/proc/${pid}/net/sockstat`, "utf8")) && /TCP6: inuse 0/.test(readFileSync(`/proc/${pid}/net/sockstat6`, "utf8"))) return false;
  } catch {
    return false;
  }
  const hex = `:${port.toString(16).toUpperCase().padStart(4, "0")} `;
  for (const file of [`/proc/${pid}/net/tcp`, `/proc/${pid}/net/tcp6`]) {
    try {
      for (const line of readFileSync(file, "utf8").split("\n")) if (line.includes(hex) && line.split(/\s+/)[4] === "0A") return true;
    } catch {
      // not there yet
    }
  }
  return false;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await gone;
}

export async function benchStart(lab: LabProcess, o: { rounds: number; log: (s: string) => void }): Promise<StartResult> {
  const python = findPython();
  const limits = readConfig().limits;
  const work = mkdtempSync(join(tmpdir(), "lab-bench-start-"));
  chmodSync(work, 0o711); // the run's uid must reach its files, as in the lab's runs directory
  const times = { plain: [] as number[], sandboxCommand: [] as number[], supervisor: [] as number[], lab: [] as number[] };
  const page = await PageClient.open(lab.base);
  const script = supervisorScript();
  let supervisor: ChildProcess | null = null;
  try {
    for (let round = 0; round < o.rounds; round++) {
      // 1. plain python on a free host port
      const port = await freePort();
      const plainFile = join(work, `plain-${round}.py`);
      writeFileSync(plainFile, CHATSERVER5.replace("s.bind(('', 8888))", `s.bind(('127.0.0.1', ${port}))`));
      let t0 = performance.now();
      const plain = spawn(python.executable, ["-u", plainFile], { stdio: "ignore" });
      await waitAccepts(port, 10_000, 1);
      times.plain.push(performance.now() - t0);
      await kill(plain);

      // 2. the sandbox's command line alone, in a fresh network namespace
      const runDir = join(work, `run-${round}`);
      mkdirSync(join(runDir, "etc"), { recursive: true, mode: 0o755 });
      for (const [name, text] of Object.entries(RUN_ETC)) writeFileSync(join(runDir, "etc", name), text, { mode: 0o644 });
      writeFileSync(join(runDir, "chatserver5.py"), CHATSERVER5, { mode: 0o644 });
      const command = runCommand({ python, limits, uid: 4_100_000 + round, runDir, fileName: "chatserver5.py", env: {} });
      t0 = performance.now();
      const direct = spawn("unshare", ["--net", "--", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", ...command], { stdio: ["ignore", "ignore", "ignore", "pipe"] }); // fd 3: bubblewrap's --info-fd
      for (let i = 0; !listensIn(direct.pid!, 8888); i++) {
        if (i > 10_000 || direct.exitCode !== null) throw new Error("the sandbox command did not listen");
        await sleep(1);
      }
      times.sandboxCommand.push(performance.now() - t0);
      await kill(direct);

      // 3. a warm supervisor, driven as namespace-sandbox.ts drives it (without cgroups)
      supervisor = spawn("unshare", ["--net", "--pid", "--fork", "--mount-proc", "--kill-child", "--", process.execPath, script], {
        stdio: ["ignore", "ignore", "ignore", "ipc"],
        serialization: "json",
      });
      const sup = supervisor;
      await new Promise<void>((resolve) => sup.on("message", (m: { type?: string }) => m?.type === "ready" && resolve()));
      await sleep(50);
      const listening = new Promise<void>((resolve) => sup.on("message", (m: { type?: string; ports?: number[] }) => m?.type === "ports" && m.ports?.includes(8888) && resolve()));
      t0 = performance.now();
      sup.send({ type: "start", command: runCommand({ python, limits, uid: 4_100_500 + round, runDir, fileName: "chatserver5.py", env: {} }), cgroupProcs: [], outputBytesPerSecond: limits.outputBytesPerSecond });
      await listening;
      times.supervisor.push(performance.now() - t0);
      await kill(sup);
      supervisor = null;
      rmSync(runDir, { recursive: true, force: true });

      // 4. the lab, as a student presses Run (its pool has had time to warm up again)
      await sleep(400);
      const started = await page.start("bench-start", { kind: "stage", stage: 5 });
      if (!started.ok) throw new Error(`lab start failed: ${started.code} ${started.message}`);
      times.lab.push(started.ms);
      await page.stop(started.runId);
      await sleep(400);
      if ((round + 1) % 10 === 0) o.log(`  start round ${round + 1}/${o.rounds}`);
    }
  } finally {
    if (supervisor) await kill(supervisor);
    page.close();
    rmSync(work, { recursive: true, force: true });
  }
  return { plain: summarize(times.plain), sandboxCommand: summarize(times.sandboxCommand), supervisor: summarize(times.supervisor), lab: summarize(times.lab) };
}
