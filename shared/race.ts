// "Show me the race": the interleaving in a trace that lost a line or sent to a dead socket, found
// from the events alone (docs/trace.md). A walk is a thread's recv of a line and the sends that
// carried it on to the sockets of a shared list. It lost a line when a client that was in the list
// before the walk began and was still there after it got no send, while another thread changed the
// list during the walk; it hit a dead socket when a send failed on a client another thread had let
// go. With a lock that works, the finder instead shows threads taking turns (a lock.wait, then the
// acquire once the holder released it).
import { z } from "zod";
import { TraceEvent, type TraceOf } from "./trace-events";

const MAX_RACES = 5;
/** Events of an interleaving kept for the page (the walk of a 50-client list is ~50 sends). */
const MAX_INTERLEAVING = 160;

/** The findings as they travel to the page (bounded). */
export const RaceFindings = z.object({
  races: z
    .array(
      z.object({
        kind: z.enum(["skipped", "dead socket"]),
        walker: z.number().int(),
        recv: TraceEvent,
        change: TraceEvent,
        victim: z.number().int(),
        interleaving: z.array(TraceEvent).max(MAX_INTERLEAVING),
      }),
    )
    .max(MAX_RACES),
  turns: z.object({ lock: z.number().int(), name: z.string().optional(), sequence: z.array(TraceEvent).max(8) }).nullable(),
  /** Walks looked at (each a line a thread received and passed on). */
  walks: z.number().int(),
});
export type RaceFindings = z.infer<typeof RaceFindings>;
/** One interleaving: the walker's recv, the other thread's change of the list, the client it cost. */
export type Race = RaceFindings["races"][number];
type Turns = NonNullable<RaceFindings["turns"]>;

export function findRaces(events: readonly TraceEvent[]): RaceFindings {
  const races: Race[] = [];
  let walks = 0;
  // The latest contents of each shared list, as seen in order.
  const contents = new Map<number, readonly number[]>();
  const open = new Map<number, { recv: TraceOf<"recv">; at: number; before: Map<number, readonly number[]>; sent: Set<number>; list: number | null; end: number }>();
  const finish = (thread: number) => {
    const walk = open.get(thread);
    open.delete(thread);
    if (!walk || walk.list === null || races.length >= MAX_RACES) return;
    walks++;
    const race = judge(events, walk.recv, walk.at, walk.end, walk.list, walk.before.get(walk.list) ?? [], contents.get(walk.list) ?? [], walk.sent);
    if (race) races.push(race);
  };
  events.forEach((e, i) => {
    if (e.kind === "list.change") contents.set(e.list, e.items);
    if (e.thread < 0) return;
    if (e.kind === "recv" || e.kind === "thread.end" || e.kind === "exception") finish(e.thread);
    if (e.kind === "recv" && e.bytes > 0) open.set(e.thread, { recv: e, at: i, before: new Map(contents), sent: new Set(), list: null, end: i });
    const walk = open.get(e.thread);
    if (walk && (e.kind === "send" || e.kind === "sock.error")) {
      walk.sent.add(e.conn);
      walk.end = i;
      if (e.kind === "send" && e.via !== undefined) walk.list ??= e.via;
      if (e.kind === "sock.error" && walk.list === null) walk.list = [...contents.entries()].find(([, items]) => items.includes(e.conn))?.[0] ?? null;
    }
  });
  for (const thread of [...open.keys()]) finish(thread);
  return { races, turns: findTurns(events), walks };
}

function judge(events: readonly TraceEvent[], recv: TraceOf<"recv">, from: number, to: number, list: number, before: readonly number[], after: readonly number[], sent: Set<number>): Race | null {
  const during = events.slice(from, to + 1);
  // The locks the walker held while it sent: a change made holding one of them cannot have come
  // in between (a lock that works); "changed" (seen, not made, by a thread) names no culprit.
  const held = new Set(during.flatMap((e) => (e.kind === "send" && e.thread === recv.thread ? e.holding : [])));
  const change = during.find(
    (e): e is TraceOf<"list.change"> => e.kind === "list.change" && e.list === list && e.thread !== recv.thread && e.op !== "changed" && !e.holding.some((l) => held.has(l)),
  );
  if (!change) return null;
  const interleaving = during.filter((e) => e.thread === recv.thread || e.thread === change.thread).slice(0, MAX_INTERLEAVING);
  const failed = during.find((e): e is TraceOf<"sock.error"> => e.kind === "sock.error" && e.thread === recv.thread);
  if (failed && failed.conn === change.item) return { kind: "dead socket", walker: recv.thread, recv, change, victim: failed.conn, interleaving };
  const skipped = before.find((conn) => conn !== recv.conn && conn !== 0 && after.includes(conn) && !sent.has(conn));
  if (skipped === undefined) return null;
  return { kind: "skipped", walker: recv.thread, recv, change, victim: skipped, interleaving };
}

function findTurns(events: readonly TraceEvent[]): Turns | null {
  for (let i = 0; i < events.length; i++) {
    const wait = events[i];
    if (wait.kind !== "lock.wait") continue;
    const rest = events.slice(i + 1);
    const release = rest.find((e) => e.kind === "lock.release" && e.lock === wait.lock && e.thread !== wait.thread);
    const acquire = rest.find((e) => e.kind === "lock.acquire" && e.lock === wait.lock && e.thread === wait.thread);
    if (!release || !acquire) continue;
    const holderAcquire = events
      .slice(0, i)
      .reverse()
      .find((e) => e.kind === "lock.acquire" && e.lock === wait.lock && e.thread === release.thread);
    const sequence = [...(holderAcquire ? [holderAcquire] : []), wait, release, acquire];
    return { lock: wait.lock, name: wait.name, sequence };
  }
  return null;
}
