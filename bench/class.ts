// `npm run bench -- --only class`: the class store and the board under a class, on SQLite and on
// PostgreSQL. 200 students each save a draft every 2 s (a version kept every 16 s) with the board
// open: save latency (send → saved), board staleness (saved → the board shows it), the lab's CPU
// with and without the saving, the database's growth per student-hour, and a restart's time to
// ready with the class's data in it.
import { readFileSync, statSync, existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { WebSocket } from "ws";
import { postgresDatabase } from "../tests/support/databases";
import { startLabProcess, type LabProcess, wholeClassFromLoopback } from "../tests/support/lab-child-process";
import { percentile } from "../tests/support/stats";

export interface ClassBenchResult {
  database: string;
  students: number;
  seconds: number;
  saves: number;
  saveP50ms: number;
  saveP99ms: number;
  stalenessP50ms: number;
  stalenessP99ms: number;
  /** What the instructor's board socket received a second while the class saved. */
  boardKiBPerSecond: number;
  cpuIdlePct: number;
  cpuSavingPct: number;
  growthKiBPerStudentHour: number;
  restartReadyMs: number;
}

const KEY = "bench-instructor-key";
const TICKS = 100; // clock ticks a second (getconf CLK_TCK)

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

async function cpuOver(pid: number, ms: number): Promise<number> {
  const before = cpuSeconds(pid);
  await new Promise((r) => setTimeout(r, ms));
  return ((cpuSeconds(pid) - before) / (ms / 1000)) * 100;
}

interface Student {
  name: string;
  ws: WebSocket;
  pendingSave: number | null;
  version: number;
}

async function joinStudent(base: string, name: string): Promise<Student> {
  const cookie = ((await fetch(`${base}/healthz`)).headers.get("set-cookie") ?? "").split(";")[0];
  const ws = new WebSocket(`${base.replace("http", "ws")}/ws/lab`, { headers: { cookie, origin: base } });
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  const s: Student = { name, ws, pendingSave: null, version: 0 };
  const joined = new Promise<void>((resolve) =>
    ws.on("message", (d) => {
      const m = JSON.parse(d.toString());
      if (m.type === "class.student" && m.student) resolve();
    }),
  );
  ws.send(JSON.stringify({ type: "class.join", name }));
  await joined;
  return s;
}

async function dbBytes(where: { dataDir?: string; url?: string }): Promise<number> {
  if (where.url) {
    const c = new pg.Client({ connectionString: where.url });
    await c.connect();
    const r = await c.query("select pg_database_size(current_database()) as n");
    await c.end();
    return Number(r.rows[0].n);
  }
  const file = join(where.dataDir!, "class.sqlite");
  return [file, `${file}-wal`].filter(existsSync).reduce((n, f) => n + statSync(f).size, 0);
}

export async function benchClass(options: { students: number; seconds: number; log: (s: string) => void }): Promise<ClassBenchResult[]> {
  const results: ClassBenchResult[] = [];
  for (const database of ["sqlite", "postgres"] as const) {
    const dataDir = mkdtempSync(join(tmpdir(), "bench-class-"));
    const pgdb = database === "postgres" ? await postgresDatabase() : null;
    const env: Record<string, string> = pgdb ? { DATABASE_URL: pgdb.target.databaseUrl!, LAB_DATA_DIR: dataDir } : { LAB_DATA_DIR: dataDir };
    // BENCH_CLASS_PROFILE_DIR: each lab process writes a V8 CPU profile there when it exits
    // (open it in Chrome's DevTools, or summarise it with bench/lib/cpu-profile-summary.ts).
    const profileDir = process.env.BENCH_CLASS_PROFILE_DIR;
    if (profileDir) mkdirSync(join(profileDir, database), { recursive: true });
    const nodeFlags = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${join(profileDir, database)}`] : [];
    const start = () => startLabProcess({ env, nodeFlags, overrides: { instructorKey: KEY, sandbox: "auto", ...wholeClassFromLoopback() } });
    let lab: LabProcess = await start();
    try {
      options.log(`class (${database}): ${options.students} students join`);
      const students: Student[] = [];
      for (let i = 0; i < options.students; i++) students.push(await joinStudent(lab.base, `Student ${i + 1}`));
      const byName = new Map(students.map((s) => [s.name, s]));

      // The board, open throughout; staleness: a save's "saved" → the first board showing its row changed.
      const savedAt = new Map<string, number[]>();
      const staleness: number[] = [];
      const board = new WebSocket(`${lab.base.replace("http", "ws")}/ws/instructor`, { headers: { origin: lab.base } });
      const seen = new Map<string, number>();
      let boardBytes = 0;
      board.on("open", () => board.send(JSON.stringify({ type: "instructor.hello", key: KEY })));
      board.on("message", (d) => {
        const now = performance.now();
        boardBytes += (d as Buffer).length;
        const m = JSON.parse(d.toString());
        if (m.type !== "board" && m.type !== "board.rows") return;
        for (const row of m.rows as Array<{ name: string; lastActivity: number }>) {
          if (seen.get(row.name) === row.lastActivity) continue;
          seen.set(row.name, row.lastActivity);
          for (const t of savedAt.get(row.name)?.splice(0) ?? []) staleness.push(now - t);
        }
      });
      await new Promise((r) => board.once("message", r));

      const cpuIdlePct = await cpuOver(lab.pid, 10_000);
      const sizeBefore = await dbBytes({ dataDir, url: pgdb?.target.databaseUrl });
      const latencies: number[] = [];
      for (const s of students) {
        s.ws.on("message", (d) => {
          const m = JSON.parse(d.toString());
          if (m.type !== "work.saved" || s.pendingSave === null) return;
          const now = performance.now();
          latencies.push(now - s.pendingSave);
          s.pendingSave = null;
          s.version = m.version;
          const list = savedAt.get(s.name) ?? [];
          list.push(now);
          savedAt.set(s.name, list);
        });
      }
      options.log(`class (${database}): saving every 2 s for ${options.seconds} s`);
      const draft = readFileSync(join(import.meta.dirname, "..", "content", "programs", "chatserver4.py"), "utf8");
      let saves = 0;
      const timers = students.map((s, i) => {
        let n = 0;
        const tick = () => {
          if (s.pendingSave !== null) return; // the last save is still on its way: a browser would wait too
          n++;
          const text = `${draft}\n# edit ${n} by ${s.name}\n`;
          s.pendingSave = performance.now();
          saves++;
          s.ws.send(JSON.stringify({ type: "work.save", exercise: 4, item: "draft", text, baseVersion: s.version }));
          if (n % 8 === 0) s.ws.send(JSON.stringify({ type: "work.keep", exercise: 4, item: "draft", text, reason: "pause" }));
        };
        // Spread over the 2 s, as a class's typing is.
        return setTimeout(() => void (timers[i] = setInterval(tick, 2000) as unknown as NodeJS.Timeout), (i * 2000) / students.length);
      });
      const windowStart = process.hrtime.bigint() / 1000n;
      const boardBytesBefore = boardBytes;
      const cpuSavingPct = await cpuOver(lab.pid, options.seconds * 1000);
      // The saving window on the monotonic clock a CPU profile's timestamps use (µs).
      if (profileDir) writeFileSync(join(profileDir, database, "saving-window.json"), JSON.stringify({ startUs: Number(windowStart), endUs: Number(process.hrtime.bigint() / 1000n) }));
      const boardKiBPerSecond = (boardBytes - boardBytesBefore) / 1024 / options.seconds;
      for (const t of timers) clearInterval(t);
      await new Promise((r) => setTimeout(r, 1500));
      const sizeAfter = await dbBytes({ dataDir, url: pgdb?.target.databaseUrl });
      board.close();
      for (const s of students) s.ws.close();
      void byName;

      await lab.stop();
      const restartStarted = performance.now();
      lab = await start();
      const restartReadyMs = performance.now() - restartStarted;

      latencies.sort((a, b) => a - b);
      staleness.sort((a, b) => a - b);
      const studentHours = (options.students * options.seconds) / 3600;
      const result: ClassBenchResult = {
        database,
        students: options.students,
        seconds: options.seconds,
        saves,
        saveP50ms: percentile(latencies, 50),
        saveP99ms: percentile(latencies, 99),
        stalenessP50ms: percentile(staleness, 50),
        stalenessP99ms: percentile(staleness, 99),
        boardKiBPerSecond,
        cpuIdlePct,
        cpuSavingPct,
        growthKiBPerStudentHour: (sizeAfter - sizeBefore) / 1024 / studentHours,
        restartReadyMs,
      };
      options.log(`  ${JSON.stringify(result)}`);
      results.push(result);
    } finally {
      await lab.stop();
      await pgdb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return results;
}

export function classMarkdown(results: ClassBenchResult[]): string {
  const r1 = (x: number) => (Math.round(x * 10) / 10).toString();
  return [
    "| database | students | saves | save p50 / p99 | board staleness p50 / p99 | board socket | lab CPU idle → saving (added) | growth per student-hour | restart to ready |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...results.map(
      (r) =>
        `| ${r.database} | ${r.students} | ${r.saves} in ${r.seconds} s | ${r1(r.saveP50ms)} / ${r1(r.saveP99ms)} ms | ${r1(r.stalenessP50ms)} / ${r1(r.stalenessP99ms)} ms | ${r1(r.boardKiBPerSecond)} KiB/s | ${r1(r.cpuIdlePct)}% → ${r1(r.cpuSavingPct)}% (${r1(r.cpuSavingPct - r.cpuIdlePct)}% of a core) | ${r1(r.growthKiBPerStudentHour)} KiB | ${r1(r.restartReadyMs / 1000)} s |`,
    ),
  ].join("\n");
}
