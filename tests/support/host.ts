// The host as the tests inspect it: processes from /proc, and what a lab's runs leave in cgroups.
// The ids, the uid block and the cgroup folders come from the sandbox itself (cgroup v1 and v2
// alike), so a test looks where the lab really puts things, and an empty answer means "none left",
// never "looked in a folder this host does not have".
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { cgroupSupport, runCgroupParents, runIdPrefix } from "../../server/sandbox/cgroups";
import { runUidBlock } from "../../server/sandbox/namespace-sandbox";

/** A process as /proc/PID/status gives it: one file a process, cheap enough for a benchmark's many looks. */
export interface Proc {
  pid: number;
  ppid: number;
  uid: number;
  /** R, S, Z... */
  state: string;
  /** The executable's name, at most 15 characters ("node", "python3.11", "bwrap"). */
  comm: string;
}

export function listProcs(): Proc[] {
  const found: Proc[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      found.push({
        pid: Number(entry),
        ppid: Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]),
        uid: Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]),
        state: /^State:\s+(\S+)/m.exec(status)?.[1] ?? "?",
        comm: /^Name:\s+(.*)$/m.exec(status)?.[1] ?? "",
      });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

export interface HostProcess extends Proc {
  /** /proc/PID/cgroup as it is: one line per hierarchy (v1) or one "0::/path" line (v2). */
  cgroup: string;
  cmdline: string;
}

/** Every process with its cgroups and command line (what the leak and escape checks look at). */
export function hostProcesses(): HostProcess[] {
  return listProcs().flatMap((p) => {
    try {
      return [{ ...p, cgroup: readFileSync(`/proc/${p.pid}/cgroup`, "utf8"), cmdline: readFileSync(`/proc/${p.pid}/cmdline`, "utf8").replace(/\0/g, " ").trim() }];
    } catch {
      return []; // the process ended while we looked
    }
  });
}

/** Whether a process is in the cgroup of a run whose sandbox id is, or starts with, `id`. */
export function inRunCgroup(process: Pick<HostProcess, "cgroup">, id: string, exact = true): boolean {
  return process.cgroup.split("\n").some((line) => {
    const path = line.slice(line.indexOf(":", line.indexOf(":") + 1) + 1);
    const name = path.split("/").at(-1) ?? "";
    return path.includes("/chat-server-lab/") && (exact ? name === id : name.startsWith(id));
  });
}

/** Processes running as one of a lab's run uids. */
export function runUidProcesses(labPid = process.pid): HostProcess[] {
  const { first, count } = runUidBlock(labPid);
  return hostProcesses().filter((p) => p.uid >= first && p.uid < first + count);
}

export function runUidRange(labPid: number): [number, number] {
  const { first, count } = runUidBlock(labPid);
  return [first, first + count];
}

/**
 * The run cgroups a lab has now (every hierarchy on v1), as real paths; `id` narrows to one run.
 * Throws when this host has per-run cgroups but the sandbox names no folder for them: an assertion
 * that then found nothing would prove nothing.
 */
export function runCgroups(labPid = process.pid, id?: string): string[] {
  const parents = runCgroupParents();
  if (cgroupSupport() !== null && parents.length === 0) throw new Error("the host has per-run cgroups, but the sandbox names no folder for them");
  const found = new Set<string>();
  for (const parent of parents) {
    let names: string[] = [];
    try {
      names = readdirSync(parent);
    } catch {
      continue;
    }
    for (const name of names) {
      if (id ? name === id : name.startsWith(runIdPrefix(labPid))) found.add(realpathSync(join(parent, name)));
    }
  }
  return [...found];
}

/** A number a run's cgroup keeps in `file` (memory.usage_in_bytes...), from whichever hierarchy has it; null where none does. */
export function runCgroupNumber(id: string, file: string, labPid = process.pid): number | null {
  const path = runCgroups(labPid, id)
    .map((dir) => join(dir, file))
    .find((p) => existsSync(p));
  return path === undefined ? null : Number(readFileSync(path, "utf8"));
}
