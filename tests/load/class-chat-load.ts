// Class chat under load (`npm run load -- --scenario class-chat`): groups of classmates, each
// group on one student's shared chatserver5 (the owner's own terminal plus joiners, each joiner a
// session of its own at its own loopback address), everyone typing a line every few seconds.
// Every line must reach every other member of its group once; delivery time is measured from the
// moment a line is sent to the moment it is complete in a classmate's terminal.
import { PageClient } from "../support/clients";
import { byLine } from "../support/line-client";
import type { Terminal } from "../support/terminal";
import { startLabProcess, WHOLE_CLASS_FROM_LOOPBACK } from "../support/lab-child-process";
import { cpuNsOf, machineCpu } from "../support/procs";
import { pool, sleep, summarize, type Summary } from "../support/stats";

export interface ClassChatOptions {
  groups: number;
  /** People per group, the owner included (the owner types in their own terminal). */
  groupSize: number;
  chatSeconds: number;
  /** Each member types a line about this often (±50%). */
  lineIntervalMs: number;
  log?: (line: string) => void;
}

export interface ClassChatResult {
  options: Omit<ClassChatOptions, "log">;
  setupSeconds: number;
  linesTyped: number;
  deliveriesExpected: number;
  delivered: number;
  missing: string[];
  foreign: string[];
  duplicates: number;
  deliveryMs: Summary;
  machineBusyPercent: number;
  labCpuPercent: number;
  labEventLoopDelayMs: { p50: number; p99: number; max: number };
}

interface Group {
  owner: PageClient;
  runId: string;
  /** Member 0 is the owner's own terminal, the rest joined. */
  members: Terminal[];
}

const LINE = /^C(\d+)\.(\d+)\.(\d+) [a-z ]+$/;

export async function runClassChatLoad(o: ClassChatOptions): Promise<ClassChatResult> {
  const log = o.log ?? (() => {});
  // Every client here comes from 127.0.0.1; in a class each student's browser has an address of its own.
  const env = { LAB_SHARE_JOINERS: String(Math.max(30, o.groupSize - 1)), LAB_CONNECTIONS_PER_ADDRESS: String(4 * o.groups * o.groupSize + 64) };
  const lab = await startLabProcess({ overrides: { maxRuns: o.groups + 10, arrivals: WHOLE_CLASS_FROM_LOOPBACK }, env });
  const groups: Group[] = [];
  try {
    const t0 = performance.now();
    await pool(Array.from({ length: o.groups }, (_, g) => g), 4, async (g) => {
      const owner = await PageClient.open(lab.base);
      await owner.joinClass(`Owner ${g + 1}`);
      const started = await owner.start("exercise-5", { kind: "stage", stage: 5 }, 8888, 120_000);
      if (!started.ok) throw new Error(`group ${g}'s server did not start: ${started.code} ${started.message}`);
      const shareId = await owner.share(started.runId);
      // One after another: chatserver5 listens with a backlog of 1.
      const members = [await owner.terminal(started.runId, 8888, 60_000)];
      for (let j = 1; j < o.groupSize; j++) {
        const classmate = await PageClient.open(lab.base);
        await classmate.joinClass(`Classmate ${g + 1}-${j}`);
        classmate.close(); // the session stays a member; its terminal is all this classmate uses
        members.push(await classmate.join(shareId, 60_000));
      }
      groups[g] = { owner, runId: started.runId, members };
    });
    await sleep(1500); // the last clients into each server's list
    const setupSeconds = (performance.now() - t0) / 1000;
    log(`  ${o.groups} shared chatserver5s, ${o.groups * o.groupSize} people connected in ${setupSeconds.toFixed(1)} s`);

    const sentAt = new Map<string, number>();
    const expected = new Map<string, number>(); // line id → deliveries it should make
    const arrived = new Map<string, Set<string>>(); // member key → line ids seen
    const deliveries: number[] = [];
    const foreign: string[] = [];
    let duplicates = 0;
    groups.forEach((group, g) =>
      group.members.forEach((t, m) => {
        const key = `${g}.${m}`;
        const seen = new Set<string>();
        arrived.set(key, seen);
        t.onData = byLine((line, now) => {
          const match = LINE.exec(line);
          const id = match ? `${match[1]}.${match[2]}.${match[3]}` : "";
          if (!match || Number(match[1]) !== g || Number(match[2]) === m || !sentAt.has(id)) {
            if (foreign.length < 20) foreign.push(`${key} got ${JSON.stringify(line.slice(0, 80))}`);
          } else if (seen.has(id)) duplicates++;
          else {
            seen.add(id);
            deliveries.push(now - sentAt.get(id)!);
          }
        });
      }),
    );

    await lab.memoryUsage(); // resets the lab's event-loop delay histogram
    const [m0, l0] = [machineCpu(), cpuNsOf(lab.pid)];
    const w0 = performance.now();
    let chatting = true;
    let linesTyped = 0;
    const filler = "every line reaches every other member once";
    const typists = groups.flatMap((group, g) =>
      group.members.map(async (t, m) => {
        let seq = 0;
        await sleep(Math.random() * o.lineIntervalMs);
        while (chatting) {
          const id = `${g}.${m}.${seq++}`;
          expected.set(id, group.members.length - 1);
          sentAt.set(id, performance.now());
          t.send(`C${id} ${filler.slice(0, 10 + (seq % 30))}\r\n`);
          linesTyped++;
          await sleep(o.lineIntervalMs * (0.5 + Math.random()));
        }
      }),
    );
    await sleep(o.chatSeconds * 1000);
    chatting = false;
    await Promise.all(typists);
    const seconds = (performance.now() - w0) / 1000;
    const [m1, l1] = [machineCpu(), cpuNsOf(lab.pid)];
    const self = await lab.memoryUsage();

    const deliveriesExpected = [...expected.values()].reduce((a, b) => a + b, 0);
    for (let i = 0; i < 100 && deliveries.length < deliveriesExpected; i++) await sleep(100);
    const missing: string[] = [];
    for (const [id, _] of expected) {
      const [g, from] = id.split(".").map(Number);
      groups[g!]!.members.forEach((_t, m) => {
        if (m !== from && !arrived.get(`${g}.${m}`)!.has(id) && missing.length < 50) missing.push(`${id} → ${g}.${m}`);
      });
    }
    log(`  chat: ${linesTyped} lines, ${deliveries.length}/${deliveriesExpected} deliveries, p99 ${summarize(deliveries).p99.toFixed(1)} ms`);
    return {
      options: { groups: o.groups, groupSize: o.groupSize, chatSeconds: o.chatSeconds, lineIntervalMs: o.lineIntervalMs },
      setupSeconds,
      linesTyped,
      deliveriesExpected,
      delivered: deliveries.length,
      missing,
      foreign,
      duplicates,
      deliveryMs: summarize(deliveries),
      machineBusyPercent: ((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * 100,
      labCpuPercent: ((l1 - l0) / 1e9 / seconds) * 100,
      labEventLoopDelayMs: self.eventLoopDelay,
    };
  } finally {
    for (const group of groups) {
      if (!group) continue;
      for (const t of group.members) t.ws.terminate();
      await group.owner.stop(group.runId, 30_000).catch(() => {});
      group.owner.ws.terminate();
    }
    await lab.stop();
  }
}
