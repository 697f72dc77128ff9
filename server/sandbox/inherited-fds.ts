// Descriptors a process inherited without close-on-exec: whatever the lab itself was started with
// (a shell's redirection, a service manager's socket, a test runner's pipe) passes through
// unshare, the supervisor, prlimit, setpriv and bubblewrap to the student's program unless
// something closes it (bubblewrap closes none: a lab started with `9</etc/hostname` gave the
// program fd 9). The supervisor closes them first thing, so the program starts with 0, 1 and 2.
import { closeSync, readdirSync, readFileSync } from "node:fs";

/** O_CLOEXEC as /proc/self/fdinfo prints it (octal flags). */
const O_CLOEXEC = 0o2000000;

/** Open descriptors above 2 without close-on-exec, except `keep`. Node's and libuv's own are all close-on-exec. */
export function inheritedDescriptors(keep: number[]): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc/self/fd")) {
    const fd = Number(entry);
    if (fd <= 2 || keep.includes(fd)) continue;
    try {
      const flags = parseInt(/^flags:\s+([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, "utf8"))?.[1] ?? "0", 8);
      if ((flags & O_CLOEXEC) === 0) found.push(fd);
    } catch {
      // the directory's own descriptor, closed once read
    }
  }
  return found;
}

export function closeInheritedDescriptors(keep: number[]): void {
  for (const fd of inheritedDescriptors(keep)) {
    try {
      closeSync(fd);
    } catch {
      // closed already
    }
  }
}
