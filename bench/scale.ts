// How the lab grows from 1 to 200 sessions. Each session is a student with chatserver5 running and
// three terminals connected (idle here; tests/load/ makes them chat). At each level a probe session
// measures a 64-byte round trip through its own echo server, starts a fresh chatserver5 a few times,
// and the lab's memory is read from /proc.
import { PageClient } from "../tests/support/clients";
import type { Terminal } from "../tests/support/terminal";
import type { LabProcess } from "../tests/support/lab-child-process";
import { cpuSecondsOf, descendants, labMemory, type LabMemory } from "../tests/support/procs";
import { pool, sleep, summarize, type Summary } from "../tests/support/stats";
import { roundTrips } from "./lib/pipes";
import { ECHO_SOURCE } from "./paths";

export interface ScaleLevel {
  sessions: number;
  terminals: number;
  /** Start times of the sessions added to reach this level (4 starting at once), ms. */
  rampStartMs: Summary;
  /** A probe's run start at this level, one at a time, ms. */
  startMs: Summary;
  /** 64-byte round trips through the probe's echo server, µs. */
  rttUs: Summary;
  memory: LabMemory;
  /** CPU the lab and its runs use while every session is idle, % of one core (10 s). */
  idleCpu: { lab: number; runs: number };
}

interface Student {
  page: PageClient;
  runId: string;
  terminals: Terminal[];
}

async function addStudent(base: string): Promise<{ student: Student; ms: number }> {
  const page = await PageClient.open(base);
  const started = await page.start("exercise-5", { kind: "stage", stage: 5 }, 8888, 60_000);
  if (!started.ok) throw new Error(`a student's run did not start: ${started.code} ${started.message}`);
  const terminals: Terminal[] = [];
  // One after another: chatserver5 listens with a backlog of 1.
  for (let i = 0; i < 3; i++) terminals.push(await page.terminal(started.runId));
  return { student: { page, runId: started.runId, terminals }, ms: started.ms };
}

function cpuOfTree(root: number): { lab: number; runs: number } {
  let runs = 0;
  for (const p of descendants(root)) runs += cpuSecondsOf(p.pid);
  return { lab: cpuSecondsOf(root), runs };
}

export async function benchScale(lab: LabProcess, o: { levels: number[]; log: (s: string) => void; startsPerLevel?: number; rttPerLevel?: number }): Promise<ScaleLevel[]> {
  const students: Student[] = [];
  const levels: ScaleLevel[] = [];
  const probe = await PageClient.open(lab.base);
  const echo = await probe.start("probe-echo", { kind: "source", name: "echo_server.py", source: ECHO_SOURCE, stage: 3 });
  if (!echo.ok) throw new Error(`the probe's echo server did not start: ${echo.message}`);
  const pipe = await probe.terminal(echo.runId);
  await roundTrips(pipe, 300);
  try {
    for (const level of o.levels) {
      const t0 = performance.now();
      const added = await pool(
        Array.from({ length: level - students.length }),
        4,
        async () => {
          const { student, ms } = await addStudent(lab.base);
          students.push(student);
          return ms;
        },
      );
      o.log(`  ${level} sessions up (${((performance.now() - t0) / 1000).toFixed(1)} s to add ${added.length})`);
      await sleep(2000); // let the warm pool refill and the ramp's garbage be collected
      const cpu0 = cpuOfTree(lab.pid);
      await sleep(10_000);
      const cpu1 = cpuOfTree(lab.pid);
      const rtt = await roundTrips(pipe, o.rttPerLevel ?? 1000);
      const starts: number[] = [];
      for (let i = 0; i < (o.startsPerLevel ?? 8); i++) {
        const s = await probe.start("probe-start", { kind: "stage", stage: 5 });
        if (!s.ok) throw new Error(`probe start failed: ${s.message}`);
        starts.push(s.ms);
        await probe.stop(s.runId);
        await sleep(400);
      }
      const memory = labMemory(lab.pid);
      levels.push({
        sessions: level,
        terminals: level * 3,
        rampStartMs: summarize(added),
        startMs: summarize(starts),
        rttUs: summarize(rtt),
        memory,
        idleCpu: { lab: ((cpu1.lab - cpu0.lab) / 10) * 100, runs: ((cpu1.runs - cpu0.runs) / 10) * 100 },
      });
    }
  } finally {
    await pipe.close();
    await pool(students, 8, async (s) => {
      for (const t of s.terminals) await t.close();
      await s.page.stop(s.runId).catch(() => {});
      s.page.close();
    });
    probe.close();
  }
  return levels;
}
