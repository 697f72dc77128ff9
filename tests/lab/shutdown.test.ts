// Stopping the lab with live runs leaves nothing behind: no process, cgroup, mount or run folder.
// SIGTERM or SIGINT to the lab, SIGTERM to `npm start` (npm passes it on: the script execs tsx, so
// no shell sits in between to swallow it), and a lab killed outright (its supervisors clean up).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect, it } from "vitest";
import { STATE_DIR } from "../../server/paths";
import { runIdPrefix } from "../../server/sandbox/cgroups";
import { hostProcesses, inRunCgroup, listProcs, runCgroups } from "../support/host";
import { LabClient } from "../support/lab-client";
import { spawnUntilReady, startLabProcess } from "../support/lab-process";
import { startLabProcess as startLabChild } from "../support/lab-child-process";
import { cmdline, descendants } from "../support/procs";

/** Host pids whose parent chain leads to the given pid. */
const descendantPids = (root: number) => descendants(root).map((p) => p.pid);

const alive = (pids: number[]) => {
  const live = new Map(listProcs().map((p) => [p.pid, p]));
  return pids.filter((pid) => live.has(pid) && live.get(pid)!.state !== "Z");
};

/** What the lab with this pid could leave: its runs' cgroups (where the sandbox puts them, v1 or v2), processes in them, mounts, its runs folder. */
function leftovers(labPid: number): string[] {
  const found = runCgroups(labPid).map((dir) => `cgroup ${dir}`);
  found.push(...hostProcesses().filter((p) => inRunCgroup(p, runIdPrefix(labPid), false)).map((p) => `process ${p.pid}: ${p.cmdline}`));
  found.push(...readFileSync("/proc/self/mountinfo", "utf8").split("\n").filter((l) => l.includes(`runs-${labPid}`)).map((l) => `mount ${l}`));
  if (existsSync(join(STATE_DIR, `runs-${labPid}`))) found.push(`folder runs-${labPid}`);
  return found;
}

/** Eight programs listening, from four sessions. */
async function eightRuns(base: string): Promise<LabClient[]> {
  const clients = await Promise.all([0, 1, 2, 3].map(() => LabClient.connect(base)));
  const runs = await Promise.all(clients.map(async (c) => [c, [await c.startStage(3, "a"), await c.startStage(5, "b")]] as const));
  for (const [client, ids] of runs) for (const id of ids) await client.waitListening(id);
  return clients;
}

async function until(test: () => boolean, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !test() && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  it(`${signal} stops every run and leaves no process behind`, async () => {
    const lab = await startLabProcess();
    const client = await LabClient.connect(lab.base);
    const runs = [await client.startStage(3, "a"), await client.startStage(5, "b")];
    for (const runId of runs) await client.waitListening(runId);
    const before = descendantPids(lab.child.pid!);
    expect(before.length).toBeGreaterThanOrEqual(6); // per run: unshare, supervisor, 2× bubblewrap, python
    const pythons = listProcs().filter((p) => before.includes(p.pid) && p.comm.startsWith("python"));
    expect(pythons.length).toBeGreaterThanOrEqual(2);
    const exited = new Promise<number | null>((r) => lab.child.once("exit", (code) => r(code)));
    lab.child.kill(signal);
    expect(await exited).toBe(0);
    expect(lab.output()).toMatch(/stopping every run/);
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(before).map(cmdline)).toEqual([]);
    expect(leftovers(lab.child.pid!)).toEqual([]);
  });
}

it("SIGTERM to `npm start` with 8 live runs: the lab stops them all, nothing is left", { timeout: 120_000 }, async () => {
  const npm = process.env.npm_execpath?.endsWith("npm-cli.js") ? process.env.npm_execpath : join(dirname(process.execPath), "..", "lib", "node_modules", "npm", "bin", "npm-cli.js");
  const lab = await spawnUntilReady([npm, "start"], { PORT: "0", HOST: "127.0.0.1", LAB_SANDBOX: "strong" }, /ready on (http:\/\/[\d.]+:\d+)/);
  const clients = await eightRuns(lab.base);
  const labPid = descendantPids(lab.child.pid!).find((pid) => /server\/main\.ts/.test(cmdline(pid)) && !/\.bin\/tsx/.test(cmdline(pid)))!;
  expect(leftovers(labPid).filter((l) => l.startsWith("cgroup")).length).toBeGreaterThanOrEqual(8);
  const everything = descendantPids(lab.child.pid!);
  expect(await lab.stop()).toBe(0);
  // npm exits once the lab has: by then the lab has stopped every run.
  expect(lab.output()).toMatch(/SIGTERM: stopping every run/);
  await until(() => alive(everything).length === 0, 3000);
  expect(alive(everything).map(cmdline)).toEqual([]);
  expect(leftovers(labPid)).toEqual([]);
  clients.forEach((c) => c.close());
});

it("a lab killed outright with 8 live runs: its supervisors end the runs and remove their cgroups; the next lab removes the folder", async () => {
  const lab = await startLabChild();
  const clients = await eightRuns(lab.base);
  expect(leftovers(lab.pid).filter((l) => l.startsWith("cgroup")).length).toBeGreaterThanOrEqual(8);
  lab.child.kill("SIGKILL");
  await until(() => leftovers(lab.pid).every((l) => l.startsWith("folder")), 15_000);
  expect(leftovers(lab.pid)).toEqual([`folder runs-${lab.pid}`]);
  const next = await startLabChild();
  expect(leftovers(lab.pid)).toEqual([]);
  expect(await next.stop()).toBe(0);
  clients.forEach((c) => c.close());
});
