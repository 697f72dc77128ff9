// A class in the lab: many students, each with chatserver5 running and three terminals chatting,
// while further students start and stop runs and the lab is full. Shared by the reduced test in
// `npm test` (class-load.test.ts) and the full 200-session run behind `npm run load`.
import { PageClient, health, type StartResult } from "../support/clients";
import type { Terminal } from "../support/terminal";
import { ChatLedger, type ChatTally, type Delivery } from "./chat-ledger";
import { startLabProcess, type LabProcess, wholeClassFromLoopback } from "../support/lab-child-process";
import { cpuNsOf, labMemory, leftovers, machineCpu, runsDirExists, runsThrottling, type LabMemory, type Leftovers } from "../support/procs";
import { pool, sleep, summarize, type Summary } from "../support/stats";

export interface ClassLoadOptions {
  /** Students chatting: each has chatserver5 running with three terminals. */
  sessions: number;
  /** Further students who keep starting and stopping runs while the class chats. */
  churners: number;
  /** Students who press Run when the lab is full. */
  overflow: number;
  chatSeconds: number;
  /** Each terminal types a line about this often (±50%). */
  lineIntervalMs: number;
  /** Students pressing Run at the same moment while the class arrives. */
  startConcurrency: number;
  /** A churning student waits about this long (±80%) between Stop and the next Run, or after lab-full. Default 300 ms. */
  churnPauseMs?: number;
  log?: (line: string) => void;
}

export interface ClassLoadResult {
  options: Omit<ClassLoadOptions, "log">;
  maxRuns: number;
  rampSeconds: number;
  rampStartMs: Summary;
  chat: ChatTally & {
    /** Enter pressed in one terminal → the line complete in a classmate's terminal, ms. */
    latencyMs: Summary;
    /** The same, split: the first half of the chat (nobody else starting or stopping runs) and the second (the churn going on). */
    phases: Record<"quiet" | "churn", PhaseStats>;
  };
  admission: {
    /** Answers to Run while the lab was exactly full (every one should be lab-full). */
    whenFull: Array<{ code: string; message: string }>;
    /** During the chat: starts by churning students, and how many got lab-full. */
    churnStarts: number;
    churnFull: number;
    churnOtherErrors: string[];
    churnStartMs: Summary;
    /** Highest number of live runs the lab reported (polled), against maxRuns. */
    maxLiveRunsSeen: number;
    /** A start after the class left succeeded (the limit frees up). */
    startAfterwards: boolean;
  };
  memory: {
    idle: LabMemory;
    withRuns: LabMemory;
    withTerminals: LabMemory;
    duringChat: LabMemory;
    /** Lab server RSS growth per session (its run, no terminals), and per terminal. */
    labPerSessionBytes: number;
    labPerTerminalBytes: number;
  };
  cleanup: {
    afterStop: Leftovers;
    afterExit: Leftovers;
    runsDirRemoved: boolean;
    labExitCode: number | null;
  };
}

export interface PhaseStats {
  latencyMs: Summary;
  /** Whole machine busy, % of all cores; the lab server process, % of one core. */
  machineBusyPercent: number;
  labCpuPercent: number;
  /** How late the lab's event loop ran, ms. */
  labEventLoopDelayMs: { p50: number; p99: number; max: number };
  /** Runs' CFS periods in which their CPU quota throttled them. */
  throttledPeriods: number;
  runStarts: number;
}

interface Student {
  index: number;
  page: PageClient;
  runId: string;
  terminals: Terminal[];
}

export async function runClassLoad(o: ClassLoadOptions): Promise<ClassLoadResult> {
  const log = o.log ?? (() => {});
  const maxRuns = o.sessions + o.churners;
  const lab = await startLabProcess({ overrides: { maxRuns, terminalsPerRun: 8, ...wholeClassFromLoopback() } });
  const cleanupState: { lab: LabProcess; students: Student[]; extras: PageClient[] } = { lab, students: [], extras: [] };
  try {
    return await drive(o, maxRuns, cleanupState, log);
  } finally {
    // Whatever happened above, leave no lab behind (drive() normally stopped it already).
    for (const s of cleanupState.students) s.page.ws.terminate();
    for (const p of cleanupState.extras) p.ws.terminate();
    await lab.stop();
  }
}

async function drive(o: ClassLoadOptions, maxRuns: number, state: { lab: LabProcess; students: Student[]; extras: PageClient[] }, log: (s: string) => void): Promise<ClassLoadResult> {
  const { lab, students } = state;
  await sleep(1000);
  const idle = labMemory(lab.pid);
  const supervisorsSeen = new Set<number>(idle.supervisorPids);

  // ---- the class arrives: every student presses Run (a few at the same moment) ----
  const t0 = performance.now();
  const rampStarts = await pool(Array.from({ length: o.sessions }, (_, i) => i), o.startConcurrency, async (index) => {
    const page = await PageClient.open(lab.base);
    const started = await page.start("exercise-5", { kind: "stage", stage: 5 }, 8888, 120_000);
    if (!started.ok) throw new Error(`student ${index}'s run did not start: ${started.code} ${started.message}`);
    students.push({ index, page, runId: started.runId, terminals: [] });
    return started.ms;
  });
  students.sort((a, b) => a.index - b.index);
  const rampSeconds = (performance.now() - t0) / 1000;
  log(`  ${o.sessions} runs started in ${rampSeconds.toFixed(1)} s (start p50 ${summarize(rampStarts).p50.toFixed(0)} ms)`);
  await sleep(1500);
  const withRuns = labMemory(lab.pid);
  withRuns.supervisorPids.forEach((p) => supervisorsSeen.add(p));

  // ---- three terminals each (one after another per run: chatserver5 listens with a backlog of 1) ----
  await pool(students, 8, async (s) => {
    for (let i = 0; i < 3; i++) s.terminals.push(await s.page.terminal(s.runId, 8888, 60_000));
  });
  await sleep(1500);
  const withTerminals = labMemory(lab.pid);
  log(`  ${o.sessions * 3} terminals connected`);

  // ---- the lab fills up: the churning students take the remaining places ----
  const extras = await Promise.all(Array.from({ length: o.churners + o.overflow }, () => PageClient.open(lab.base)));
  state.extras.push(...extras);
  const churners = extras.slice(0, o.churners);
  const overflow = extras.slice(o.churners);
  const churnRuns = new Map<PageClient, string>();
  for (const page of churners) {
    const s = await page.start("exercise-5", { kind: "stage", stage: 5 }, 8888, 60_000);
    if (!s.ok) throw new Error(`a churning student's first run did not start: ${s.code} ${s.message}`);
    churnRuns.set(page, s.runId);
  }
  const full = await health(lab.base);
  if (full.runs !== maxRuns) throw new Error(`expected the lab to be exactly full (${maxRuns} runs), it reports ${full.runs}`);
  // ---- now full: more students press Run ----
  const whenFull = await Promise.all(overflow.map((page) => page.start("exercise-5", { kind: "stage", stage: 5 }, 8888, 30_000)));
  log(`  lab full at ${maxRuns} runs; ${whenFull.filter((r) => !r.ok && r.code === "lab-full").length}/${whenFull.length} further starts answered lab-full`);

  // ---- everyone chats, while extra students stop and start runs ----
  const ledger = new ChatLedger("L", "the quick brown fox jumps over the lazy dog");
  for (const s of students) ledger.join(s.index, s.terminals);
  let churnFrom = Infinity; // lines typed from then on count in the churn phase

  let chatting = true;
  let maxLiveRunsSeen = full.runs;
  const monitor = (async () => {
    while (chatting) {
      try {
        maxLiveRunsSeen = Math.max(maxLiveRunsSeen, (await health(lab.base)).runs);
      } catch {
        // a busy moment: try again
      }
      await sleep(200);
    }
  })();

  const rooms: Terminal[][] = [];
  for (const s of students) rooms[s.index] = s.terminals;
  const chat = ledger.chat(rooms, o.lineIntervalMs, () => chatting);

  // First half: the class chats, nobody else presses Run.
  const phaseStats: Partial<Record<"quiet" | "churn", Omit<PhaseStats, "latencyMs">>> = {};
  const measurePhase = async (run: () => Promise<void>, starts: () => number): Promise<Omit<PhaseStats, "latencyMs">> => {
    await lab.memoryUsage(); // resets the lab's event-loop delay histogram
    const [m0, l0, t0, s0] = [machineCpu(), cpuNsOf(lab.pid), runsThrottling(lab.pid), starts()];
    const w0 = performance.now();
    await run();
    const seconds = (performance.now() - w0) / 1000;
    const [m1, l1, t1] = [machineCpu(), cpuNsOf(lab.pid), runsThrottling(lab.pid)];
    const self = await lab.memoryUsage();
    return {
      machineBusyPercent: ((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * 100,
      labCpuPercent: ((l1 - l0) / 1e9 / seconds) * 100,
      labEventLoopDelayMs: self.eventLoopDelay,
      throttledPeriods: t1.throttled - t0.throttled,
      runStarts: starts() - s0,
    };
  };
  phaseStats.quiet = await measurePhase(() => sleep((o.chatSeconds * 1000) / 2), () => 0);
  const duringChat = labMemory(lab.pid);
  duringChat.supervisorPids.forEach((p) => supervisorsSeen.add(p));

  // Second half: the class chats while the churning and turned-away students keep pressing Run and Stop.
  churnFrom = performance.now();
  const churnStartMs: number[] = [];
  let churnStarts = 0;
  let churnFull = 0;
  const churnOtherErrors: string[] = [];
  const churn = extras.map(async (page) => {
    let runId = churnRuns.get(page) ?? null;
    while (chatting) {
      if (runId) {
        // Use the run a little, then press Stop.
        try {
          const t = await page.terminal(runId, 8888, 30_000);
          t.send("hello from a churning student\r\n");
          await sleep(300 + Math.random() * 700);
          await t.close();
        } catch (error) {
          churnOtherErrors.push(`terminal: ${(error as Error).message}`);
        }
        await page.stop(runId, 60_000);
        runId = null;
      }
      await sleep((o.churnPauseMs ?? 300) * (0.2 + Math.random() * 1.6));
      if (!chatting) break;
      const s: StartResult = await page.start("exercise-5", { kind: "stage", stage: 5 }, 8888, 60_000).catch((e: Error) => ({ ok: false as const, code: "timeout", message: e.message, ms: 0 }));
      churnStarts++;
      if (s.ok) {
        runId = s.runId;
        churnStartMs.push(s.ms);
      } else if (s.code === "lab-full") churnFull++;
      else churnOtherErrors.push(`${s.code}: ${s.message}`);
    }
    if (runId) await page.stop(runId, 60_000);
  });

  phaseStats.churn = await measurePhase(() => sleep((o.chatSeconds * 1000) / 2), () => churnStartMs.length);
  chatting = false;
  await chat;
  await Promise.all(churn);
  await monitor;
  await ledger.settle();
  const latencies = ledger.deliveries.map((d) => d.ms);
  const phaseLatency = (inPhase: (d: Delivery) => boolean) => summarize(ledger.deliveries.filter(inPhase).map((d) => d.ms));
  log(`  chat: ${ledger.linesTyped} lines typed, ${latencies.length}/${ledger.deliveriesExpected} deliveries, latency p50 ${summarize(latencies).p50.toFixed(1)} ms`);

  // ---- the class leaves: terminals close, every run is stopped ----
  await pool(students, 16, async (s) => {
    for (const t of s.terminals) await t.close();
    await s.page.stop(s.runId, 60_000);
  });
  // The limit frees up: a student who was turned away can start now.
  const again = await overflow[0]?.start("exercise-5", { kind: "stage", stage: 5 }, 8888, 60_000);
  const startAfterwards = !overflow.length || !!again?.ok;
  if (again?.ok) await overflow[0].stop(again.runId, 60_000);
  await sleep(500);
  const keep = labMemory(lab.pid).supervisorPids; // the warm pool: started ahead, holding no run
  const afterStop = leftovers(lab.pid, supervisorsSeen, keep);
  for (const s of students) s.page.close();
  for (const p of extras) p.close();
  const labExitCode = await lab.stop();
  await sleep(300);
  const afterExit = leftovers(lab.pid, supervisorsSeen);

  const labPerSessionBytes = (withRuns.lab.rss - idle.lab.rss) / o.sessions;
  const labPerTerminalBytes = (withTerminals.lab.rss - withRuns.lab.rss) / (o.sessions * 3);
  return {
    options: { sessions: o.sessions, churners: o.churners, overflow: o.overflow, chatSeconds: o.chatSeconds, lineIntervalMs: o.lineIntervalMs, startConcurrency: o.startConcurrency, churnPauseMs: o.churnPauseMs ?? 300 },
    maxRuns,
    rampSeconds,
    rampStartMs: summarize(rampStarts),
    chat: {
      ...ledger.tally(),
      latencyMs: summarize(latencies),
      phases: { quiet: { latencyMs: phaseLatency((d) => d.sentAt < churnFrom), ...phaseStats.quiet! }, churn: { latencyMs: phaseLatency((d) => d.sentAt >= churnFrom), ...phaseStats.churn! } },
    },
    admission: {
      whenFull: whenFull.map((r) => (r.ok ? { code: "started", message: r.runId } : { code: r.code, message: r.message })),
      churnStarts,
      churnFull,
      churnOtherErrors: churnOtherErrors.slice(0, 20),
      churnStartMs: summarize(churnStartMs),
      maxLiveRunsSeen,
      startAfterwards,
    },
    memory: { idle, withRuns, withTerminals, duringChat, labPerSessionBytes, labPerTerminalBytes },
    cleanup: { afterStop, afterExit, runsDirRemoved: !runsDirExists(lab.pid), labExitCode },
  };
}
