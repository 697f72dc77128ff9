// Exercise 5's stress check, in a fresh run with a tiny thread switch interval, and runStress for
// a program that is already running (the lab's "Stress test" button).
import type { Connection } from "../sandbox/types";
import type { StressStats } from "../../shared/check-report";
import { sizeText } from "./bounded-text";
import { FLOOD_FLOOR_BYTES, TelnetClient } from "./client";
import type { CheckDefinition } from "./definition";
import { describeDeaths, threadDeaths, type Finding } from "./expect";
import { CheckFailed, type CheckContext } from "./harness";
import { ROLL_CALL_MS, type RoundEnv } from "./crowd";
import { DEFAULT_SHAPE, endRound, stressRound, type RoundResult } from "./stress";

const ROUNDS = 3;

const LOCK_HINT =
  "Guard every use of the shared list (append, remove, and the loop that sends) with one threading.Lock, e.g. `with LOCK:`; " +
  "catch OSError around recv() and around each sendall(), drop a client whose send fails, and carry on with the others.";

function lostFinding(deaths: number): Finding {
  if (deaths) return { finding: "lines are lost when clients come and go while others send", hint: `Threads died (see stderr), taking their clients' lines with them. ${LOCK_HINT}` };
  return { finding: "lines are lost when many clients send at once", hint: `With no lock, a thread can walk the list while another changes it and skip a client. ${LOCK_HINT}` };
}

function describeMisses(result: RoundResult): string {
  const first = result.misses.slice(0, 3).map((m) => `line ${m.line} from ${m.sender} never reached ${m.receiver}`);
  return first.length ? ` For example: ${first.join("; ")}.` : "";
}

/** Show the few transcripts that explain the outcome: who missed what, and some comers and goers. */
function pickTranscripts(ctx: CheckContext, result: RoundResult | null): void {
  if (!result) return;
  const byName = new Map(ctx.clients.map((c) => [c.name, c]));
  const picks = new Set<TelnetClient>();
  for (const m of result.misses.slice(0, 2)) [m.receiver, m.sender].forEach((n) => byName.get(n) && picks.add(byName.get(n)!));
  result.notInChat.slice(0, 2).forEach((c) => picks.add(c));
  result.cutOff.slice(0, 2).forEach((c) => picks.add(c));
  if (picks.size === 0) result.stayers.slice(0, 2).forEach((c) => picks.add(c));
  result.churners.slice(0, 2).forEach((c) => picks.add(c));
  ctx.shownClients = [...picks].slice(0, 6);
}

export const stress: CheckDefinition = {
  id: "ex5-stress",
  name: "stress: many clients at once, while others come and go",
  expected:
    `In each of ${ROUNDS} rounds, ${DEFAULT_SHAPE.stayers} clients join together (${DEFAULT_SHAPE.lingerers} more join among them) and each sends ${DEFAULT_SHAPE.lines} lines, all at once; ` +
    `meanwhile those ${DEFAULT_SHAPE.lingerers} leave and ${DEFAULT_SHAPE.churners} others join and leave, some politely, some with a reset. ` +
    "Every line reaches every client that stayed connected, and afterwards the program still serves new clients. Python switches threads every 10 µs here, so races show.",
  fastSwitch: true,
  timeoutMs: 20_000,
  async run(ctx) {
    const stats: StressStats = { connected: 0, linesSent: 0, linesLost: 0, deliveriesExpected: 0, exceptionsSeen: 0 };
    const env: RoundEnv = { connect: () => ctx.connect(), stats, emit: () => {}, progress: (m) => ctx.progress(m), signal: ctx.signal, stretch: (ms) => ctx.patience.stretch(ms) };
    let last: RoundResult | null = null;
    let replaced = 0;
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        last = await stressRound(env, round, ROUNDS);
        replaced += last.replaced;
        const deaths = threadDeaths(ctx.stderr);
        if (last.notInChat.length) {
          await ctx.waitExit(300);
          throw new CheckFailed(
            "not every client that joins in a crowd gets the others' lines",
            `In round ${round}, ${last.notInChat.length} of ${last.stayers.length + last.notInChat.length} clients that joined together were not in the chat (they heard no roll call from the others, nor were heard; nobody new was heard for ${ROLL_CALL_MS / 1000} s), even after replacing them.${deaths.count ? ` ${describeDeaths(deaths)}.` : ""}${ctx.exitInfo ? ` The program ${ctx.exitText()}.` : ""}`,
            `Every client must be added to the shared list when it connects, and the program must keep accepting while others are served. ${LOCK_HINT}`,
          );
        }
        if (last.lost || last.cutOff.length) {
          const cut = last.cutOff.length ? ` The server closed the connection of ${last.cutOff.length} client(s) that stayed.` : "";
          const died = deaths.count ? ` ${describeDeaths(deaths)}.` : "";
          const f = last.lost ? lostFinding(deaths.count) : { finding: "the server drops clients that stayed connected", hint: LOCK_HINT };
          throw new CheckFailed(f.finding, `In round ${round}, ${last.lost} of ${last.expected} deliveries to clients that stayed connected never arrived.${describeMisses(last)}${cut}${died}`, f.hint);
        }
        await endRound(last);
      }
      await stillServing(ctx);
    } finally {
      pickTranscripts(ctx, last);
    }
    if (replaced) {
      ctx.notes.push(`${replaced} connection(s) were held back by the kernel because the program's listen backlog was full, and were replaced by new ones. listen(1) queues one connection; a larger backlog, e.g. listen(50), lets a crowd in faster.`);
    }
    const deaths = threadDeaths(ctx.stderr);
    if (deaths.count) ctx.warnings.push(`${describeDeaths(deaths)} (see stderr), but no client that stayed lost a line. Catch OSError so a thread ends cleanly.`);
    return `In all ${ROUNDS} rounds every line (${stats.linesSent} sent) reached every client that stayed connected, and the program still served new clients afterwards.`;
  },
};

async function stillServing(ctx: CheckContext): Promise<void> {
  ctx.progress("checking the program still serves new clients");
  const gone: Finding = { finding: "the program stops serving after the stress", hint: LOCK_HINT };
  const [a, b] = [await ctx.connect(gone), await ctx.connect(gone)];
  await ctx.sleep(150);
  const line = `${a.name} after the crowd has gone`;
  a.sendLine(line);
  if (!(await b.waitForText(line, 3000))) {
    await ctx.waitExit(300);
    const deaths = threadDeaths(ctx.stderr);
    throw new CheckFailed(gone.finding, `After the rounds, ${a.name}'s line did not reach ${b.name} within 3 s.${deaths.count ? ` ${describeDeaths(deaths)}.` : ""}${ctx.exitInfo ? ` The program ${ctx.exitText()}.` : ""}`, gone.hint);
  }
}

/** What the "Stress test" button needs of a run: a way to connect, and its stderr if it has one. */
export interface StressTarget {
  connect(port: number): Promise<Connection>;
  on?(event: "stderr", listener: (data: Buffer) => void): unknown;
  off?(event: "stderr", listener: (data: Buffer) => void): unknown;
}

export interface StressSummary {
  rounds: number;
  stats: StressStats;
  /** Per round: deliveries expected and lost, and stayers that never got into the chat. */
  results: Array<{ round: number; expected: number; lost: number; notInChat: number; cutOff: number }>;
  /** Why the test stopped before its rounds were done, when the program made it stop (a flood). */
  stoppedBecause?: string;
}

/** Stress a program that is already running; `onLive` gets the numbers as they change (at most every 100 ms). */
export async function runStress(
  run: StressTarget,
  port: number,
  options: { onLive: (stats: StressStats) => void; signal?: AbortSignal; rounds?: number },
): Promise<StressSummary> {
  const rounds = options.rounds ?? ROUNDS;
  const stats: StressStats = { connected: 0, linesSent: 0, linesLost: 0, deliveriesExpected: 0, exceptionsSeen: 0 };
  const started = Date.now();
  let n = 0;
  const clients: TelnetClient[] = [];
  // A flooding program stops the test: its clients stop reading, and the rounds end here.
  const inner = new AbortController();
  const stopInner = () => inner.abort();
  options.signal?.addEventListener("abort", stopInner);
  let flooded: TelnetClient | null = null;
  let sent = 0;
  // Over a WebSocket, one message per client coming or going would be a flood: at most one per 100 ms.
  let timer: NodeJS.Timeout | null = null;
  const emit = () => (timer ??= setTimeout(() => ((timer = null), options.onLive({ ...stats })), 100));
  const onStderr = (data: Buffer) => {
    const found = data.toString().match(/Exception in thread/g)?.length ?? 0;
    if (found) (stats.exceptionsSeen += found), emit();
  };
  run.on?.("stderr", onStderr);
  const env: RoundEnv = {
    connect: async () => {
      const client = new TelnetClient(`client ${++n}`, await run.connect(port), () => Date.now() - started, () => {}, {
        allowance: () => FLOOD_FLOOR_BYTES + 4 * (sent = clients.reduce((sum, c) => sum + c.sentBytes, 0)),
        onFlood: (c) => {
          flooded ??= c;
          inner.abort();
        },
      });
      clients.push(client);
      return client;
    },
    stats,
    emit,
    progress: () => {},
    signal: inner.signal,
  };
  const results: StressSummary["results"] = [];
  try {
    for (let round = 1; round <= rounds && !inner.signal.aborted; round++) {
      const r = await stressRound(env, round, rounds, true);
      results.push({ round, expected: r.expected, lost: r.lost, notInChat: r.notInChat.length, cutOff: r.cutOff.length });
      await endRound(r);
    }
  } catch (error) {
    // Stopping is a normal end for the button: report what was done.
    if ((error as Error).name !== "AbortError") throw error;
  } finally {
    run.off?.("stderr", onStderr);
    options.signal?.removeEventListener("abort", stopInner);
    clients.forEach((c) => c.dispose());
    if (timer) clearTimeout(timer);
  }
  options.onLive({ ...stats, connected: 0 });
  const f = flooded as TelnetClient | null;
  const stoppedBecause = f
    ? `the program sent ${f.name} ${sizeText(f.receivedBytes)} without stopping, though the clients had sent it only ${sizeText(sent)}; a chat server should send only what it receives`
    : undefined;
  return { rounds: results.length, stats: { ...stats, connected: 0 }, results, ...(stoppedBecause ? { stoppedBecause } : {}) };
}
