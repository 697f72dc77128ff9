// `npm start`'s process: SIGTERM or SIGINT stops every run with every process it started.
import { readdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { LabClient } from "../helpers/lab-client";
import { startLabProcess } from "../helpers/lab-process";

/** Host pids whose parent chain leads to the given pid. */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      parent.set(Number(entry), Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, "utf8"))?.[1]));
    } catch {
      // gone
    }
  }
  return [...parent.keys()].filter((pid) => {
    for (let p = parent.get(pid); p; p = parent.get(p)) if (p === root) return true;
    return false;
  });
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  it(`${signal} stops every run and leaves no process behind`, async () => {
    const lab = await startLabProcess();
    const client = await LabClient.connect(lab.base);
    const runs = [await client.startStage(3, "a"), await client.startStage(5, "b")];
    for (const runId of runs) await client.waitListening(runId);
    const before = descendants(lab.child.pid!);
    expect(before.length).toBeGreaterThanOrEqual(6); // per run: unshare, supervisor, 2× bubblewrap, python
    const pythons = before.filter((pid) => /python/.test(readFileSync(`/proc/${pid}/status`, "utf8")));
    expect(pythons.length).toBeGreaterThanOrEqual(2);
    const exited = new Promise<number | null>((r) => lab.child.once("exit", (code) => r(code)));
    lab.child.kill(signal);
    expect(await exited).toBe(0);
    expect(lab.output()).toMatch(/stopping every run/);
    await new Promise((r) => setTimeout(r, 300));
    const alive = before.filter((pid) => { try { return !/State:\s+Z/.test(readFileSync(`/proc/${pid}/status`, "utf8")); } catch { return false; } });
    expect(alive.map((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " "))).toEqual([]);
  });
}
