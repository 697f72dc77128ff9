// What a lab's runs hold on this machine, read from /proc and /sys: processes by kind with their
// memory, and anything a run left behind (processes, cgroups, run directories).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { STATE_DIR } from "../../server/paths";
import { runIdPrefix } from "../../server/sandbox/cgroups";
import { listProcs, runCgroups, runUidProcesses, type Proc } from "./host";

export { runUidRange } from "./host";

export function descendants(root: number, procs = listProcs()): Proc[] {
  const children = new Map<number, Proc[]>();
  for (const p of procs) {
    const list = children.get(p.ppid) ?? [];
    list.push(p);
    children.set(p.ppid, list);
  }
  const out: Proc[] = [];
  const stack = [root];
  while (stack.length) {
    for (const child of children.get(stack.pop()!) ?? []) {
      out.push(child);
      stack.push(child.pid);
    }
  }
  return out;
}

export interface Mem {
  /** Resident set: counts shared pages (the node binary, libc) in full for every process. */
  rss: number;
  /** Proportional set: shared pages divided among the processes sharing them; sums to real use. */
  pss: number;
  /** Pages this process alone holds. */
  private: number;
}

export function memOf(pid: number): Mem {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? 0) * 1024;
    return { rss: kib("Rss"), pss: kib("Pss"), private: kib("Private_Clean") + kib("Private_Dirty") };
  } catch {
    return { rss: 0, pss: 0, private: 0 };
  }
}

export function rssOf(pid: number): number {
  try {
    return Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Sample the lab's RSS every 50 ms until stopped; resolve with the highest value seen. */
export function watchRss(pid: number): { stop: () => number } {
  let max = rssOf(pid);
  const timer = setInterval(() => (max = Math.max(max, rssOf(pid))), 50);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(max, rssOf(pid));
    },
  };
}

export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

export type Kind = "supervisor" | "program" | "wrapper";

/** A run's processes: unshare → node supervisor → bwrap → bwrap (pid-namespace init) → python. */
export function kindOf(p: Proc): Kind {
  if (p.comm === "node" || p.comm.startsWith("node")) return cmdline(p.pid).includes("supervisor-") ? "supervisor" : "wrapper";
  if (p.comm.startsWith("python")) return "program";
  return "wrapper";
}

export interface Group {
  count: number;
  rss: number;
  pss: number;
  private: number;
}

export interface LabMemory {
  lab: Mem;
  supervisors: Group;
  programs: Group;
  /** unshare and bubblewrap processes. */
  wrappers: Group;
  supervisorPids: number[];
}

export function labMemory(labPid: number): LabMemory {
  const groups: Record<Kind, Group> = {
    supervisor: { count: 0, rss: 0, pss: 0, private: 0 },
    program: { count: 0, rss: 0, pss: 0, private: 0 },
    wrapper: { count: 0, rss: 0, pss: 0, private: 0 },
  };
  const supervisorPids: number[] = [];
  for (const p of descendants(labPid)) {
    const kind = kindOf(p);
    const m = memOf(p.pid);
    const g = groups[kind];
    g.count++;
    g.rss += m.rss;
    g.pss += m.pss;
    g.private += m.private;
    if (kind === "supervisor") supervisorPids.push(p.pid);
  }
  return { lab: memOf(labPid), supervisors: groups.supervisor, programs: groups.program, wrappers: groups.wrapper, supervisorPids };
}

/** CPU time (user + system) of a process so far, seconds. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return 0;
  }
}

/** CPU time of a process (all its threads) so far, nanoseconds, from the scheduler's own counters. */
export function cpuNsOf(pid: number): number {
  let total = 0;
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // thread ended
      }
    }
  } catch {
    // process ended
  }
  return total;
}

/** CPU nanoseconds of a process and all its descendants. */
export function treeCpuNs(root: number): number {
  return cpuNsOf(root) + descendants(root).reduce((n, p) => n + cpuNsOf(p.pid), 0);
}

/** Busy and total CPU time of the whole machine so far (clock ticks, all cores), from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - fields[3] - (fields[4] ?? 0), total };
}

/** CFS bandwidth periods and throttled periods, summed over the lab's run cgroups (cpu.max / cpu.cfs_quota_us). */
export function runsThrottling(labPid: number): { periods: number; throttled: number } {
  let periods = 0;
  let throttled = 0;
  for (const dir of runCgroups(labPid)) {
    try {
      const text = readFileSync(join(dir, "cpu.stat"), "utf8");
      periods += Number(/nr_periods (\d+)/.exec(text)?.[1] ?? 0);
      throttled += Number(/nr_throttled (\d+)/.exec(text)?.[1] ?? 0);
    } catch {
      // removed meanwhile, or a v1 hierarchy without cpu.stat (memory, pids)
    }
  }
  return { periods, throttled };
}

export interface Leftovers {
  /** Processes running as one of the lab's run uids. */
  runProcesses: number[];
  /** Supervisors seen earlier that still exist. */
  supervisors: number[];
  cgroups: string[];
  runDirs: string[];
}

export function leftovers(labPid: number, knownSupervisors: Iterable<number> = [], keepSupervisors: Iterable<number> = []): Leftovers {
  const runProcesses = runUidProcesses(labPid).map((p) => p.pid);
  const keep = new Set(keepSupervisors);
  const supervisors = [...new Set(knownSupervisors)].filter((pid) => !keep.has(pid) && existsSync(`/proc/${pid}`) && cmdline(pid).includes("supervisor-"));
  const cgroups = runCgroups(labPid);
  const runsDir = join(STATE_DIR, `runs-${labPid}`);
  let runDirs: string[] = [];
  try {
    // Only runs' own folders: the lab keeps its tracer's files there too, for as long as it lives.
    runDirs = readdirSync(runsDir)
      .filter((n) => n.startsWith(runIdPrefix(labPid)))
      .map((n) => join(runsDir, n));
  } catch {
    // removed: nothing left
  }
  return { runProcesses, supervisors, cgroups, runDirs };
}

export function runsDirExists(labPid: number): boolean {
  return existsSync(join(STATE_DIR, `runs-${labPid}`));
}
