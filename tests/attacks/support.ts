// Shared by the attack suites: a lab with small limits, a bystander who keeps chatting, hostile
// programs started the way a student starts them, and the host-side checks that nothing is left.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { readConfig, type LabConfig } from "../../server/config";
import { STATE_DIR } from "../../server/paths";
import type { RunState } from "../../shared/protocol";
import type { Run } from "../../server/runs/run";
import { runIdPrefix } from "../../server/sandbox/cgroups";
import { RUN_UIDS } from "../../server/sandbox/namespace-sandbox";
import type { SandboxRun } from "../../server/sandbox/types";
import { LabClient } from "../support/lab-client";
import { labForFile } from "../support/per-file";
import { waitUntil } from "../support/wait";
import { startTestLab, type TestLab } from "../support/lab-server";
import { hostProcesses, inRunCgroup, runCgroups, runUidProcesses, type HostProcess } from "../support/host";

export const MiB = 1024 * 1024;


/** A lab for attacks: real server, real sandbox, smaller limits so bombs hit them fast. */
export function startAttackLab(limits: Partial<LabConfig["limits"]> = {}, config: Partial<LabConfig> = {}): Promise<TestLab> {
  return startTestLab({ ...config, limits: { ...readConfig().limits, ...limits } });
}

/** This file's attack lab (labForFile): once it has closed, nothing of any run may be left on the host. */
export function attackLab(limits: Partial<LabConfig["limits"]> = {}, config: Partial<LabConfig> = {}): TestLab {
  let before: HostSnapshot;
  return labForFile(
    () => {
      before = hostSnapshot();
      return startAttackLab(limits, config);
    },
    () => expectNothingLeft(before),
  );
}

// ---- host processes: tests/support/host.ts ----

export { hostProcesses };

export interface Attack {
  client: LabClient;
  runId: string;
  /** The sandbox's id for the run (names its cgroup and its directory under .lab-state). */
  sandboxId: string;
  /** The host uid the run was given, once a process of it was seen. */
  uid: number | null;
}

export function labRun(lab: TestLab, runId: string): Run {
  for (const session of lab.lab.sessions.values()) {
    const run = session.runById(runId);
    if (run) return run;
  }
  throw new Error(`run ${runId} is not in the lab`);
}

/** The sandbox run behind a lab run (a private field: tests look behind the curtain on purpose). */
export function sandboxRunOf(lab: TestLab, runId: string): SandboxRun | null {
  return (labRun(lab, runId) as unknown as { sandboxRun: SandboxRun | null }).sandboxRun;
}

/** Host processes in the run's cgroup. */
export function processesOfRun(sandboxId: string): HostProcess[] {
  return hostProcesses().filter((p) => inRunCgroup(p, sandboxId));
}

/** Start `source` as a student's own program in a new session (or `client`'s), once it printed `ready`. */
export async function launch(lab: TestLab, source: string, options: { client?: LabClient; slot?: string; ready?: string | RegExp; timeoutMs?: number } = {}): Promise<Attack> {
  const client = options.client ?? (await LabClient.connect(lab.base));
  const runId = await client.startSource(source, 2, options.slot ?? "exercise-2");
  let sandboxId = "";
  await waitUntil(() => !!(sandboxId = sandboxRunOf(lab, runId)?.id ?? ""), "the sandbox run", 5000);
  if (options.ready) await waitForConsole({ client, runId }, options.ready, options.timeoutMs ?? 15_000);
  const uid = processesOfRun(sandboxId).find((p) => p.uid >= RUN_UIDS.first)?.uid ?? null;
  return { client, runId, sandboxId, uid };
}

/**
 * Wait for text in the run's console. Output arrives in pieces as the program wrote it, so a line
 * may be split across messages: each message is matched together with the end of the ones before.
 * (Not the whole console: a flood would make every check of it slower than the last.)
 */
export function waitForConsole(attack: Pick<Attack, "client" | "runId">, text: string | RegExp, timeoutMs = 15_000): Promise<string> {
  const matches = (data: string) => (typeof text === "string" ? data.includes(text) : text.test(data));
  let tail = "";
  return attack.client.waitFor(
    (m) => {
      if (m === attack.client.messages[0]) tail = ""; // waitFor scans from the first message again
      if (m.type !== "run.output" || m.runId !== attack.runId) return false;
      tail = (tail + m.data).slice(-4096);
      return matches(tail) && tail;
    },
    timeoutMs,
    `${text} in the console`,
  );
}

/**
 * The run's last state, once it has ended. Generous: on a shared 2-core machine (load average 35)
 * a memory bomb or a 64 GiB allocation took more than 15 s to start and be ended.
 */
export function finalState(attack: Attack, timeoutMs = 60_000): Promise<RunState> {
  return attack.client.waitForState(attack.runId, (s) => s.state === "exited" || s.state === "stopped", "the run to end", timeoutMs);
}

/** Press Stop; resolve with the stopped state once the lab says so. */
export async function stop(attack: Attack): Promise<RunState> {
  attack.client.send({ type: "run.stop", runId: attack.runId });
  return attack.client.waitForState(attack.runId, (s) => s.state === "stopped" || s.state === "exited", "stopped", 10_000);
}

/** Once a run has ended: none of its processes, its cgroups or its directory is left. */
export function expectRunGone(attack: Attack): void {
  expect(processesOfRun(attack.sandboxId).map((p) => p.cmdline)).toEqual([]);
  if (attack.uid !== null) {
    // The uid may already serve a new run; none of its processes may be of this run's cgroup, and
    // none may be outside every run's cgroup (an escapee).
    const strays = hostProcesses().filter((p) => p.uid === attack.uid && !inRunCgroup(p, runIdPrefix(process.pid), false));
    expect(strays.map((p) => p.cmdline)).toEqual([]);
  }
  expect(runCgroups(process.pid, attack.sandboxId)).toEqual([]);
  expect(existsSync(join(STATE_DIR, `runs-${process.pid}`, attack.sandboxId))).toBe(false);
}

// ---- the student next door ----

/** A small threaded echo server, as a student's own stage 3 would be. */
export const ECHO_SERVER = [
  "import socket, threading",
  "def serve(c):",
  "    while True:",
  "        data = c.recv(1024)",
  "        if not data: break",
  "        c.sendall(data)",
  "    c.close()",
  "s = socket.socket()",
  "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
  "s.bind(('', 8888))",
  "s.listen(5)",
  "print('echo ready', flush=True)",
  "while True:",
  "    threading.Thread(target=serve, args=(s.accept()[0],), daemon=True).start()",
  "",
].join("\n");

/** Another student, unaware of the attack: starts a fresh run and chats through a terminal. */
export class Bystander {
  private lines = 0;
  private constructor(readonly client: LabClient) {}

  static async connect(base: string): Promise<Bystander> {
    return new Bystander(await LabClient.connect(base));
  }

  /** Start a new echo run (replacing the last one) and send `lines` lines; the round trips in ms. */
  async chat(lines = 3): Promise<number[]> {
    // Generous waits: the bystander proves the lab still serves, on a machine the attack (and any
    // other test file) keeps busy; the round trips it returns are what a test bounds.
    const runId = await this.client.startSource(ECHO_SERVER, 3, "bystander");
    await this.client.waitForState(runId, (s) => s.state === "running" && s.ports.includes(8888), "the bystander's echo server to listen", 30_000);
    const terminal = await this.client.terminal(runId);
    await terminal.waitStatus("connected", 15_000);
    const rtts: number[] = [];
    for (let i = 0; i < lines; i++) {
      const text = `hello from the bystander ${++this.lines}`;
      const t0 = performance.now();
      terminal.typeLine(text);
      await terminal.waitText(`${text}\r\n`, 15_000);
      rtts.push(performance.now() - t0);
    }
    terminal.close();
    return rtts;
  }

  close(): void {
    this.client.close();
  }
}

/** A classmate drops by: a session of their own starts an echo run and chats `lines` lines; the round trips in ms. */
export async function bystanderChats(lab: TestLab, lines = 3): Promise<number[]> {
  const bystander = await Bystander.connect(lab.base);
  try {
    return await bystander.chat(lines);
  } finally {
    bystander.close();
  }
}

// ---- nothing left behind ----

/** SysV IPC objects (host namespace) and /dev/shm files, as "kind key owner". */
function hostIpcObjects(): string[] {
  const objects: string[] = [];
  for (const kind of ["shm", "sem", "msg"]) {
    const [header, ...rows] = readFileSync(`/proc/sysvipc/${kind}`, "utf8").trim().split("\n");
    const columns = header.trim().split(/\s+/);
    for (const row of rows) {
      const fields = row.trim().split(/\s+/);
      if (fields.length < columns.length) continue;
      objects.push(`${kind} key ${fields[columns.indexOf("key")]} uid ${fields[columns.indexOf("uid")]} cuid ${fields[columns.indexOf("cuid")]}`);
    }
  }
  for (const name of readdirSync("/dev/shm")) {
    try {
      objects.push(`/dev/shm/${name} uid ${statSync(join("/dev/shm", name)).uid}`);
    } catch {
      // removed while we looked
    }
  }
  return objects.sort();
}

/** IPC objects a run could have left on the host: owned by a run uid, or named by the attacks. */
export function runIpcObjects(): string[] {
  return hostIpcObjects().filter((object) => {
    const uids = [...object.matchAll(/uid (\d+)/g)].map((m) => Number(m[1]));
    return uids.some((uid) => uid >= 3_000_000) || /lab-attack|key 499744[234]/i.test(object);
  });
}

export interface HostSnapshot {
  ipc: string[];
}

/** The host's IPC objects that look like a run's, before the attacks (normally none). */
export function hostSnapshot(): HostSnapshot {
  return { ipc: runIpcObjects() };
}

/** After the lab closed: no process, directory, cgroup, mount or IPC object of any run remains. */
export function expectNothingLeft(before: HostSnapshot): void {
  const alive = runUidProcesses().filter((p) => p.state !== "Z");
  expect(alive.map((p) => `${p.pid} uid ${p.uid}: ${p.cmdline}`)).toEqual([]);
  expect(runUidProcesses().map((p) => `${p.pid} uid ${p.uid} (zombie)`)).toEqual([]);
  expect(existsSync(join(STATE_DIR, `runs-${process.pid}`))).toBe(false);
  expect(runCgroups(process.pid)).toEqual([]);
  const mounts = readFileSync("/proc/self/mountinfo", "utf8").split("\n").filter((line) => line.includes(`runs-${process.pid}`) || line.includes("chat-server-lab/r"));
  expect(mounts).toEqual([]);
  expect(runIpcObjects()).toEqual(before.ipc);
}
