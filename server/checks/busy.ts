// Fair on a busy machine: a correct program must not fail a check because the lab's machine is
// busy (a class checking at once, a CPU-hogging neighbour). The checks' time limits stretch while
// the machine is busy, and the report says so. Busy is read from the kernel's CPU pressure (the
// share of the last 10 s in which some task waited for a CPU), or the load per core without it.
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";

/** How much longer a limit lasts while the machine is busy. */
export const STRETCH = 3;
/** CPU pressure (PSI "some avg10", percent) from which the machine counts as busy. */
const BUSY_PRESSURE = 40;
const BUSY_LOAD_PER_CORE = 1.5;

export interface MachineLoad {
  busy: boolean;
  /** "tasks waited for a CPU 98% of the last 10 s" or "load 23.3 on 2 cores". */
  words: string;
}

export function machineLoad(): MachineLoad {
  try {
    const some = /^some avg10=([\d.]+)/m.exec(readFileSync("/proc/pressure/cpu", "utf8"));
    if (some) {
      const pressure = Number(some[1]);
      return { busy: pressure >= BUSY_PRESSURE, words: `programs waited for a CPU ${Math.round(pressure)}% of the last 10 s` };
    }
  } catch {
    // no PSI on this kernel: the load average says less, but something
  }
  const cores = availableParallelism();
  const load = loadavg()[0];
  return { busy: load / cores >= BUSY_LOAD_PER_CORE, words: `load ${load.toFixed(1)} on ${cores} cores` };
}

/** One check's view of the machine: limits stretched while it is busy, and what was seen, for the report. */
export class Patience {
  /** Set the first time the machine was seen busy. */
  busySeen: string | null = null;

  constructor(private readonly read: () => MachineLoad = machineLoad) {}

  /** `ms`, or STRETCH times `ms` while the machine is busy. */
  stretch(ms: number): number {
    const load = this.read();
    if (!load.busy) return ms;
    this.busySeen ??= load.words;
    return ms * STRETCH;
  }
}
