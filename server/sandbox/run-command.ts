// The command line that runs one student program: rlimits (prlimit), a uid of its own (setpriv),
// then bubblewrap's namespaces and a read-only view of the system, then python3 -u.
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, readlinkSync } from "node:fs";
import type { Python } from "./python";
import { pythonExtraDirs } from "./python";
import type { Limits } from "./types";

export interface RunCommandOptions {
  python: Python;
  limits: Limits;
  /** Unprivileged host uid for this run alone: RLIMIT_NPROC counts per uid, so no run can starve another. */
  uid: number;
  /** Host directory holding the program and the small /etc files; shown read-only at /lab. */
  runDir: string;
  fileName: string;
  /** Environment for the program beyond the lab's own (start intents, the tracer's). */
  env: Record<string, string>;
  /** Host folders shown read-only inside the run, [host, inside] (the tracer's, for traced runs). */
  extraBinds?: [string, string][];
}

/** Top-level system paths: merged-/usr systems have symlinks here, older ones directories. */
function systemPaths(): string[] {
  const args: string[] = ["--ro-bind", "/usr", "/usr"];
  for (const path of ["/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32"]) {
    if (!existsSync(path)) continue;
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) args.push("--symlink", readlinkSync(path), path);
    else if (stat.isDirectory()) args.push("--ro-bind", path, path);
  }
  return args;
}

let disableUserns: string[] | undefined;
/**
 * bubblewrap 0.8+ can forbid further user namespaces inside the sandbox. Without it the program can
 * make one and hold every capability there (new mount and network namespaces of its own): not an
 * escape, but the kernel's largest attack surface for an unprivileged process. Older bubblewraps
 * lack the option; the lab still runs there (docs/security.md lists that as a residual risk).
 */
function disableUsernsArgs(): string[] {
  if (disableUserns === undefined) {
    let help = "";
    try {
      help = execFileSync("bwrap", ["--help"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      help = String((error as { stdout?: string }).stdout ?? "");
    }
    disableUserns = help.includes("--disable-userns") ? ["--disable-userns"] : [];
  }
  return disableUserns;
}

// The few /etc files a Python program uses; never the host's /etc (shadow, the lab's config).
const ETC_FROM_HOST = ["/etc/ld.so.cache", "/etc/localtime", "/etc/nsswitch.conf"];

export function runCommand(o: RunCommandOptions): string[] {
  const l = o.limits;
  const stackBytes = 2 * 1024 * 1024;
  // Address space: room for the memory limit plus every thread's stack and two malloc arenas.
  // The cgroup, where there is one, is the real memory bound; this is the fallback without one.
  const addressSpace = l.memoryBytes + l.tasks * stackBytes + 512 * 1024 * 1024;
  const prlimit = [
    "prlimit",
    `--nproc=${l.tasks}`,
    `--as=${addressSpace}`,
    `--stack=${stackBytes}`,
    `--fsize=${l.fileBytes}`,
    `--nofile=${l.openFiles}`,
    // Soft below hard: at the soft limit the kernel sends SIGXCPU, which the lab explains as the CPU
    // limit; with both equal it sends SIGKILL straight away and the student reads only "killed".
    `--cpu=${l.cpuSeconds}:${l.cpuSeconds + 5}`,
    "--core=0",
    "--memlock=0",
    "--msgqueue=0",
    "--",
  ];
  const setpriv = ["setpriv", `--reuid=${o.uid}`, `--regid=${o.uid}`, "--clear-groups", "--no-new-privs", "--"];
  const bwrap = [
    "bwrap",
    "--unshare-user",
    "--uid", "1000",
    "--gid", "1000",
    "--unshare-pid",
    "--unshare-ipc",
    "--unshare-uts",
    "--unshare-cgroup-try",
    "--hostname", "lab",
    "--die-with-parent",
    "--info-fd", "3",
    // A new session: the program cannot push keystrokes into a terminal (TIOCSTI).
    "--new-session",
    "--cap-drop", "ALL",
    ...disableUsernsArgs(),
    ...systemPaths(),
    ...pythonExtraDirs(o.python).flatMap((dir) => ["--ro-bind", dir, dir]),
    ...ETC_FROM_HOST.filter((f) => existsSync(f)).flatMap((f) => ["--ro-bind", f, f]),
    "--ro-bind", `${o.runDir}/etc/passwd`, "/etc/passwd",
    "--ro-bind", `${o.runDir}/etc/group`, "/etc/group",
    "--ro-bind", `${o.runDir}/etc/hosts`, "/etc/hosts",
    "--ro-bind", `${o.runDir}/${o.fileName}`, `/lab/${o.fileName}`,
    ...(o.extraBinds ?? []).flatMap(([host, inside]) => ["--ro-bind", host, inside]),
    "--proc", "/proc",
    "--dev", "/dev",
    // POSIX shared memory and multiprocessing's semaphores live in /dev/shm: a tmpfs of the same
    // bounded size as /tmp (bubblewrap's own /dev would hold any amount).
    "--size", String(l.tmpBytes),
    "--tmpfs", "/dev/shm",
    "--size", String(l.tmpBytes),
    "--tmpfs", "/tmp",
    // bubblewrap's root and /dev are tmpfs mounts owned by the run's uid, writable and unbounded:
    // read-only, so /tmp and /dev/shm (bounded above) are the only places the program can write.
    "--remount-ro", "/dev",
    "--remount-ro", "/",
    "--chdir", "/tmp",
    "--clearenv",
    "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin",
    "--setenv", "HOME", "/tmp",
    "--setenv", "USER", "student",
    "--setenv", "LANG", "C.UTF-8",
    "--setenv", "PYTHONUNBUFFERED", "1",
    "--setenv", "PYTHONDONTWRITEBYTECODE", "1",
    // Threads otherwise reserve a 64 MiB malloc arena each, which the address-space limit would count.
    "--setenv", "MALLOC_ARENA_MAX", "2",
    ...Object.entries(o.env).flatMap(([k, v]) => ["--setenv", k, v]),
    "--",
    o.python.executable,
    "-u",
    `/lab/${o.fileName}`,
  ];
  return [...prlimit, ...setpriv, ...bwrap];
}

/** The small /etc files written into each run's directory. */
export const RUN_ETC = {
  passwd: "student:x:1000:1000:Student:/tmp:/bin/sh\n",
  group: "student:x:1000:\n",
  hosts: "127.0.0.1 localhost lab\n::1 localhost ip6-localhost ip6-loopback\n",
};
