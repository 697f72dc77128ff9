// Class chat under load (`npm run load -- --scenario class-chat`): groups of classmates, each
// group on one student's shared chatserver5 (the owner's own terminal plus joiners, each joiner a
// session of its own at its own loopback address), everyone typing a line every few seconds.
// Every line must reach every other member of its group once; delivery time is measured from the
// moment a line is sent to the moment it is complete in a classmate's terminal.
import { PageClient } from "../support/clients";
import type { Terminal } from "../support/terminal";
import { startLabProcess, wholeClassFromLoopback } from "../support/lab-child-process";
import { cpuNsOf, machineCpu } from "../support/procs";
import { pool, sleep, summarize, type Summary } from "../support/stats";
import { ChatLedger, type ChatTally } from "./chat-ledger";

export interface ClassChatOptions {
  groups: number;
  /** People per group, the owner included (the owner types in their own terminal). */
  groupSize: number;
  chatSeconds: number;
  /** Each member types a line about this often (±50%). */
  lineIntervalMs: number;
  log?: (line: string) => void;
}

export interface ClassChatResult extends ChatTally {
  options: Omit<ClassChatOptions, "log">;
  setupSeconds: number;
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

export async function runClassChatLoad(o: ClassChatOptions): Promise<ClassChatResult> {
  const log = o.log ?? (() => {});
  // Every client here comes from 127.0.0.1; in a class each student's browser has an address of its own.
  const env = { LAB_SHARE_JOINERS: String(Math.max(30, o.groupSize - 1)), LAB_CONNECTIONS_PER_ADDRESS: String(4 * o.groups * o.groupSize + 64) };
  const lab = await startLabProcess({ overrides: { maxRuns: o.groups + 10, ...wholeClassFromLoopback() }, env });
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

    const ledger = new ChatLedger("C", "every line reaches every other member once");
    groups.forEach((group, g) => ledger.join(g, group.members));

    await lab.memoryUsage(); // resets the lab's event-loop delay histogram
    const [m0, l0] = [machineCpu(), cpuNsOf(lab.pid)];
    const w0 = performance.now();
    let chatting = true;
    const chat = ledger.chat(groups.map((group) => group.members), o.lineIntervalMs, () => chatting);
    await sleep(o.chatSeconds * 1000);
    chatting = false;
    await chat;
    const seconds = (performance.now() - w0) / 1000;
    const [m1, l1] = [machineCpu(), cpuNsOf(lab.pid)];
    const self = await lab.memoryUsage();

    await ledger.settle();
    const deliveries = ledger.deliveries.map((d) => d.ms);
    log(`  chat: ${ledger.linesTyped} lines, ${deliveries.length}/${ledger.deliveriesExpected} deliveries, p99 ${summarize(deliveries).p99.toFixed(1)} ms`);
    return {
      options: { groups: o.groups, groupSize: o.groupSize, chatSeconds: o.chatSeconds, lineIntervalMs: o.lineIntervalMs },
      setupSeconds,
      ...ledger.tally(),
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
