// The stress round behind exercise 5's check and the lab's "Stress test" button. Fifty clients
// join together and all send at once while others join and leave (some with a reset): exactly
// what exposes a shared client list used without a lock, or a client that left still in it.
import type { StressStats } from "../../shared/check-report";
import type { TelnetClient } from "./client";
import { checkAbort, gatherCrowd, sleep, track, type RoundEnv } from "./crowd";

export interface StressShape {
  /** Clients that join together and stay connected through the round. */
  stayers: number;
  /**
   * Clients that join among the stayers (so they sit between them in the program's list) and leave
   * while the stayers send: removing them shifts the list under a thread walking it without a lock.
   */
  lingerers: number;
  /** Clients that join and leave while the stayers send: a third reset, a third leave politely, a third send then reset. */
  churners: number;
  /** Lines each stayer sends, all stayers at once each time. */
  lines: number;
}
export const DEFAULT_SHAPE: StressShape = { stayers: 50, lingerers: 16, churners: 24, lines: 3 };

const CHURN_PACE_MS = 8;
/** When, from the start of the sending phase, the stayers send each line (all at once). */
const LINE_AT_MS = [40, 120, 200, 280, 360];
/** Each lingerer leaves this soon after one of the lines is sent, while the threads relay it. */
const LINGER_AFTER_LINE_MS = 25;
/** Delivery is over when nothing new has arrived for this long (or all has arrived). */
const QUIET_MS = 1500;
const DELIVERY_MS = 6000;

const LINE = /line (\d+) from client (\d+) \(round (\d+)\)/g;

export interface Miss {
  sender: string;
  line: number;
  receiver: string;
}

export interface RoundResult {
  round: number;
  stayers: TelnetClient[];
  churners: TelnetClient[];
  /** Stayers that never got into the chat (the roll call): the round stopped there. */
  notInChat: TelnetClient[];
  /** Stayers the kernel held back (listen backlog full) that were replaced. */
  replaced: number;
  expected: number;
  lost: number;
  misses: Miss[];
  /** Stayers whose connection the server ended. */
  cutOff: TelnetClient[];
}

/** Lines parsed out of what one stayer received, read incrementally up to the last full line. */
class Inbox {
  private offset = 0;
  readonly seen = new Set<string>();
  constructor(readonly client: TelnetClient) {}
  update(): void {
    const text = this.client.since(this.offset);
    const end = text.lastIndexOf("\n") + 1;
    if (end === 0) return;
    for (const m of text.slice(0, end).matchAll(LINE)) this.seen.add(`${m[2]}/${m[1]}`);
    this.offset = this.client.mark() - (text.length - end);
  }
}

const numberOf = (c: TelnetClient) => Number(c.name.replace(/\D/g, ""));
const stressLine = (round: number, client: TelnetClient, k: number) => `line ${k} from client ${numberOf(client)} (round ${round})`;

/**
 * One round. With `pressOn` (the Stress test button) a crowd that did not all get into the chat
 * still sends, so what a program that never relays loses is counted; the check stops there instead.
 */
export async function stressRound(env: RoundEnv, round: number, rounds: number, pressOn = false, shape: StressShape = DEFAULT_SHAPE): Promise<RoundResult> {
  const label = `round ${round} of ${rounds}`;
  env.progress(`${label}: ${shape.stayers} clients joining together`);
  const crowd = await gatherCrowd(env, shape.stayers, shape.lingerers);
  const stayers = pressOn ? [...crowd.inChat, ...crowd.notInChat] : crowd.inChat;
  const result: RoundResult = { round, stayers, churners: [], notInChat: crowd.notInChat, replaced: crowd.replaced, expected: 0, lost: 0, misses: [], cutOff: [] };
  if (result.notInChat.length && !pressOn) return result;

  // Sending, while churners come and go.
  env.progress(`${label}: ${shape.stayers} clients sending at once while ${shape.churners} come and go`);
  const inboxes = stayers.map((c) => new Inbox(c));
  const churn = Array.from({ length: shape.churners }, (_, j) => churner(env, result, j));
  result.churners.push(...crowd.lingerers);
  crowd.lingerers.forEach((c, j) => churn.push(linger(c, j, shape.lines)));
  const start = Date.now();
  for (let k = 1; k <= shape.lines; k++) {
    await sleep(Math.max(0, start + LINE_AT_MS[k - 1] - Date.now()));
    for (const s of stayers) s.sendLine(stressLine(round, s, k));
    env.stats.linesSent += stayers.length;
    env.emit();
  }

  // Delivery: every line from every stayer to every other stayer.
  env.progress(`${label}: checking that every line arrived`);
  result.expected = stayers.length * (stayers.length - 1) * shape.lines;
  env.stats.deliveriesExpected += result.expected;
  const delivered = () => inboxes.reduce((sum, box) => (box.update(), sum + [...box.seen].filter((key) => key.split("/")[0] !== String(numberOf(box.client))).length), 0);
  const deadline = Date.now() + (env.stretch?.(DELIVERY_MS) ?? DELIVERY_MS);
  const quiet = env.stretch?.(QUIET_MS) ?? QUIET_MS;
  let last = -1;
  let lastChange = Date.now();
  for (let now = Date.now(); now < deadline && now - lastChange < quiet; now = Date.now()) {
    checkAbort(env.signal);
    const count = delivered();
    if (count >= result.expected) break;
    if (count !== last) [last, lastChange] = [count, now];
    await sleep(25);
  }
  // A churner whose SYN the kernel dropped connects a second or more later; it then leaves at
  // once on its own, and the round does not wait for it.
  await Promise.race([Promise.all(churn), sleep(300)]);
  for (const box of inboxes) {
    box.update();
    for (const sender of stayers) {
      if (sender === box.client) continue;
      for (let k = 1; k <= shape.lines; k++) {
        if (box.seen.has(`${numberOf(sender)}/${k}`)) continue;
        result.lost++;
        if (result.misses.length < 200) result.misses.push({ sender: sender.name, line: k, receiver: box.client.name });
      }
    }
  }
  result.cutOff = stayers.filter((c) => c.state === "closed by server");
  env.stats.linesLost += result.lost;
  env.emit();
  return result;
}

/** One client that joins while the stayers send and leaves soon after, one of three ways. */
async function churner(env: RoundEnv, result: RoundResult, j: number): Promise<void> {
  await sleep(j * CHURN_PACE_MS);
  let client: TelnetClient;
  try {
    client = track(env, await env.connect());
  } catch {
    return; // the program stopped: the round's other findings say so
  }
  result.churners.push(client);
  await sleep(5 + Math.random() * 40);
  if (j % 3 !== 2) client.sendLine(`${client.name} passing through`);
  await sleep(5 + Math.random() * 40);
  if (j % 3 === 1) await client.leave();
  else client.reset();
}

/** A lingerer leaves just after a line is sent, while threads walk the list to relay it: politely or with a reset. */
async function linger(client: TelnetClient, j: number, lines: number): Promise<void> {
  await sleep(LINE_AT_MS[j % lines] + Math.random() * LINGER_AFTER_LINE_MS);
  if (j % 2 === 0) await client.leave();
  else client.reset();
}

/** Leave every stayer politely at the end of a round (a crowd leaving, which the program must also cope with). */
export async function endRound(result: RoundResult): Promise<void> {
  await Promise.all(result.stayers.map((c) => c.leave()));
}
