// One cgroup per run, where the host lets the lab make them: it bounds memory, tasks and CPU for
// all of a run's processes together (rlimits alone count per process or per uid), and it lets
// Stop kill every process of the run even if one escaped the pid namespace's teardown.
// Works with cgroup v2 (one unified tree) and v1 (one tree per controller).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, readdir, rmdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Limits } from "./types";

const ROOT = "/sys/fs/cgroup";
const GROUP = "chat-server-lab";

type Layout = { version: 2; base: string } | { version: 1; memory: string; pids: string; cpu: string | null };

function writable(dir: string): boolean {
  try {
    mkdirSync(join(dir, GROUP), { recursive: true });
    return true;
  } catch {
    return false;
  }
}

function detect(): Layout | null {
  const controllers = join(ROOT, "cgroup.controllers");
  if (existsSync(controllers)) {
    const have = readFileSync(controllers, "utf8").split(/\s+/);
    if (!have.includes("memory") || !have.includes("pids") || !writable(ROOT)) return null;
    const base = join(ROOT, GROUP);
    try {
      // Controllers must be enabled for children at each level before a leaf can use them.
      writeFileSync(join(ROOT, "cgroup.subtree_control"), "+memory +pids" + (have.includes("cpu") ? " +cpu" : ""));
      writeFileSync(join(base, "cgroup.subtree_control"), "+memory +pids" + (have.includes("cpu") ? " +cpu" : ""));
    } catch {
      return null;
    }
    return { version: 2, base };
  }
  const memory = join(ROOT, "memory");
  const pids = join(ROOT, "pids");
  if (!existsSync(join(memory, "memory.limit_in_bytes")) || !existsSync(join(pids, "cgroup.procs"))) return null;
  if (!writable(memory) || !writable(pids)) return null;
  const cpu = existsSync(join(ROOT, "cpu", "cpu.cfs_quota_us")) && writable(join(ROOT, "cpu")) ? join(ROOT, "cpu") : null;
  return { version: 1, memory: join(memory, GROUP), pids: join(pids, GROUP), cpu: cpu && join(cpu, GROUP) };
}

/**
 * TCP socket buffers a run may hold where they are counted apart from its memory (cgroup v1): a
 * quarter of its memory limit, 64 MiB by default, ample for a chat server with a hundred clients.
 */
export function tcpBufferBytes(limits: Pick<Limits, "memoryBytes">): number {
  return Math.floor(limits.memoryBytes / 4);
}

let layout: Layout | null | undefined;
let tcpUncountedSaid = false;
/** Whether per-run cgroups can be made here, and which kind. */
export function cgroupSupport(): "v2" | "v1" | null {
  if (layout === undefined) layout = detect();
  return layout ? (`v${layout.version}` as "v1" | "v2") : null;
}

/** Where run cgroups live here: one folder (v2) or one per controller (v1); none without cgroups. */
export function runCgroupParents(): string[] {
  if (cgroupSupport() === null || !layout) return [];
  return layout.version === 2 ? [layout.base] : [layout.memory, layout.pids, ...(layout.cpu ? [layout.cpu] : [])];
}

/** A run's sandbox id, which names its cgroup and its folder, starts with its lab's pid. */
export function runIdPrefix(labPid: number): string {
  return `r${labPid.toString(36)}-`;
}

/**
 * Remove the run cgroups of labs that are gone (their names start with `r<pid in base 36>-`): a lab
 * killed with live runs cannot remove them itself, and its supervisors may have been killed too.
 * Anything still in them is killed first.
 */
export async function removeLeftoverCgroups(): Promise<void> {
  const parents = runCgroupParents();
  const leftovers: string[] = [];
  for (const parent of parents) {
    let names: string[] = [];
    try {
      names = await readdir(parent);
    } catch {
      continue;
    }
    for (const name of names) {
      const pid = /^r([0-9a-z]+)-[0-9a-z]+$/.exec(name)?.[1];
      if (pid && !labAlive(parseInt(pid, 36))) leftovers.push(join(parent, name));
    }
  }
  await Promise.all(leftovers.map((dir) => RunCgroup.of(dir).destroy()));
}

function labAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export class RunCgroup {
  /** The cgroup.procs files a new process must be written to, in order. */
  readonly procsFiles: string[];
  private readonly dirs: string[];

  /** A run cgroup that is already there (a dead lab's). */
  static of(dir: string): RunCgroup {
    return new RunCgroup([dir]);
  }

  private constructor(dirs: string[]) {
    this.dirs = dirs;
    this.procsFiles = dirs.map((d) => join(d, "cgroup.procs"));
  }

  /**
   * Make the run's cgroup with its limits, or null where cgroups are not available. Asynchronous:
   * with cgroup v1 a memory limit write or an rmdir can take milliseconds (the kernel drains
   * per-CPU charges), and the lab's event loop carries every student's terminals meanwhile.
   */
  static async create(name: string, limits: Limits): Promise<RunCgroup | null> {
    if (cgroupSupport() === null || !layout) return null;
    const period = 100_000;
    const quota = Math.max(1000, Math.round(limits.cpuShare * period));
    if (layout.version === 2) {
      const dir = join(layout.base, name);
      await mkdir(dir);
      await writeFile(join(dir, "memory.max"), String(limits.memoryBytes));
      await tryWriteAsync(join(dir, "memory.swap.max"), "0");
      await writeFile(join(dir, "pids.max"), String(limits.tasks));
      await tryWriteAsync(join(dir, "cpu.max"), `${quota} ${period}`);
      return new RunCgroup([dir]);
    }
    const dirs = [join(layout.memory, name), join(layout.pids, name)];
    if (layout.cpu) dirs.push(join(layout.cpu, name));
    await Promise.all(dirs.map((dir) => mkdir(dir)));
    await writeFile(join(dirs[0], "memory.limit_in_bytes"), String(limits.memoryBytes));
    await tryWriteAsync(join(dirs[0], "memory.memsw.limit_in_bytes"), String(limits.memoryBytes));
    // cgroup v1 charges a run's TCP socket buffers to nobody until this limit is set (v2 counts them
    // in memory.max by default): a program parked 317 MiB in its sockets while its cgroup showed
    // 5 MiB, and every run that did so pushed the whole host towards TCP memory pressure, which
    // slows every terminal's socket. v1 keeps them in a counter of their own, so a run may hold its
    // memory limit plus this.
    if (!(await tryWriteAsync(join(dirs[0], "memory.kmem.tcp.limit_in_bytes"), String(tcpBufferBytes(limits)))) && !tcpUncountedSaid) {
      tcpUncountedSaid = true;
      process.stderr.write("cgroup v1 without memory.kmem.tcp.limit_in_bytes here: runs' TCP socket buffers are not counted against their memory\n");
    }
    await writeFile(join(dirs[1], "pids.max"), String(limits.tasks));
    if (layout.cpu) {
      await writeFile(join(dirs[2], "cpu.cfs_period_us"), String(period));
      await writeFile(join(dirs[2], "cpu.cfs_quota_us"), String(quota));
    }
    return new RunCgroup(dirs);
  }

  /** True once the kernel has killed a process of this run for want of memory. */
  outOfMemory(): boolean {
    const dir = this.dirs[0];
    try {
      if (layout?.version === 2) return /oom_kill [1-9]/.test(readFileSync(join(dir, "memory.events"), "utf8"));
      return /oom_kill [1-9]/.test(readFileSync(join(dir, "memory.oom_control"), "utf8"));
    } catch {
      return false;
    }
  }

  /**
   * Whether the task limit was hit (a fork or thread bomb): the cgroup refused a task, or it is full
   * now. (RLIMIT_NPROC, the same number for the run's own uid, is checked first by fork() and often
   * refuses before the cgroup does, so "full" is what a bomb usually shows.)
   */
  tasksExhausted(): boolean {
    const dir = layout?.version === 2 ? this.dirs[0] : this.dirs[1];
    try {
      if (/max [1-9]/.test(readFileSync(join(dir, "pids.events"), "utf8"))) return true;
      const max = Number(readFileSync(join(dir, "pids.max"), "utf8"));
      return Number.isFinite(max) && Number(readFileSync(join(dir, "pids.current"), "utf8")) >= max;
    } catch {
      return false;
    }
  }

  pids(): number[] {
    const found = new Set<number>();
    for (const file of this.procsFiles) {
      try {
        for (const line of readFileSync(file, "utf8").split("\n")) if (line) found.add(Number(line));
      } catch {
        // already removed
      }
    }
    return [...found];
  }

  /** Kill every process in the run's cgroup and remove it. Resolves when it is empty. */
  async destroy(): Promise<void> {
    const killFile = join(this.dirs[0], "cgroup.kill");
    for (let attempt = 0; attempt < 100; attempt++) {
      const pids = this.pids();
      if (pids.length === 0) break;
      if (!tryWrite(killFile, "1")) {
        for (const pid of pids) {
          try {
            process.kill(pid, "SIGKILL");
          } catch {
            // gone already
          }
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const dir of this.dirs) {
      for (let attempt = 0; attempt < 50; attempt++) {
        try {
          await rmdir(dir);
          break;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "ENOENT") break;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    }
  }
}

async function tryWriteAsync(file: string, value: string): Promise<boolean> {
  try {
    await writeFile(file, value);
    return true;
  } catch {
    return false;
  }
}

function tryWrite(file: string, value: string): boolean {
  try {
    writeFileSync(file, value);
    return true;
  } catch {
    return false;
  }
}
