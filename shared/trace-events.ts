// The trace events: what a traced program did, one event per socket call, lock step, change to its
// shared list, thread start or end. The tracer inside the program writes them (untrusted: every
// field is bounded here), the lab adds its own (a line typed in a terminal, drops), and the page and
// the checks read them. docs/trace.md says how to consume them.
import { z } from "zod";

const Count = z.number().int().min(0).max(1_000_000_000);
/** Numbers the tracer gives threads (0: the main thread), sockets, locks and lists. */
const Id = z.number().int().min(0).max(10_000_000);
const Text = (max: number) => z.string().max(max);
/** How long the call waited (blocked), ms. */
const Wait = z.number().min(0).max(1e9).optional();

const base = {
  /** CLOCK_MONOTONIC, ms: the same clock as the lab's process.hrtime, so lab events line up. */
  t: z.number().finite(),
  thread: Id,
  /** The line of the student's file that made the call, when the tracer could tell. */
  line: z.number().int().min(1).max(1_000_000).optional(),
  /** Set by the lab: events numbered in the order it accepted them (whatever the program sent here is replaced). */
  n: z.number().int().min(0).optional(),
};

function event<K extends string, S extends z.ZodRawShape>(kind: K, shape: S) {
  return z.object({ kind: z.literal(kind), ...base, ...shape });
}

const programEvents = [
  event("listen", { conn: Id, port: z.number().int().min(0).max(65535) }),
  /** conn: the accepted socket's number; sock: the listening socket's; peerPort: the client's port (a terminal's). */
  event("accept", { conn: Id, sock: Id, peer: Text(128), peerPort: z.number().int().min(0).max(65535).optional(), wait: Wait }),
  event("connect", { conn: Id, peer: Text(128) }),
  event("recv", { conn: Id, bytes: Count, preview: Text(128), wait: Wait }),
  /**
   * via/index: the send went to a socket that is in shared list `via`, at `index` (a thread walking
   * the list); holding: the traced locks this thread held.
   */
  event("send", { conn: Id, op: z.enum(["send", "sendall"]), bytes: Count, preview: Text(128), wait: Wait, holding: z.array(Id).max(64), via: Id.optional(), index: Count.optional() }),
  event("close", { conn: Id }),
  event("sock.error", { conn: Id, op: Text(16), error: Text(400) }),
  event("thread.start", { name: Text(160), parent: Id }),
  event("thread.end", {}),
  event("exception", { type: Text(160), message: Text(400) }),
  /** lock: the lock's number (each threading.Lock() object its own); name: where the program keeps it ("LOCK", "self.lock"). */
  event("lock.wait", { lock: Id, name: Text(160).optional(), holder: Id.optional() }),
  event("lock.acquire", { lock: Id, name: Text(160).optional(), wait: Wait }),
  event("lock.release", { lock: Id, name: Text(160).optional() }),
  /**
   * A shared list (one a socket was put in) changed: items are its contents after, as socket
   * numbers (0: not a socket); item/index: what was added or removed, where; holding: the traced
   * locks this thread held. op "rebuild": the name now holds a new list (replaces: the old one's
   * number); "changed": a change no method call showed (del L[i], L[:] = ...).
   */
  event("list.change", {
    list: Id,
    name: Text(160).optional(),
    op: z.enum(["append", "remove", "insert", "pop", "clear", "extend", "sort", "reverse", "__setitem__", "__delitem__", "__iadd__", "rebuild", "changed"]),
    items: z.array(Id).max(1000),
    item: Id.optional(),
    index: Count.optional(),
    replaces: Id.optional(),
    holding: z.array(Id).max(64),
  }),
  /** Stage 0: a line read with input() (eof: Ctrl+D), and print(). */
  event("input", { bytes: Count, preview: Text(128), eof: z.boolean().optional(), wait: Wait }),
  event("print", { preview: Text(128) }),
  /** The tracer had more events waiting than it holds: this many were dropped. */
  event("dropped", { count: Count }),
  event("tracer.note", { message: Text(400) }),
  event("exit", {}),
] as const;

/** What the tracer in the program sends (the lab checks every line against this). */
export const ProgramEvent = z.discriminatedUnion("kind", [...programEvents]);
export type ProgramEvent = z.infer<typeof ProgramEvent>;

/** What the lab itself records in a run's trace (thread -1: not the program's). */
const labEvents = [
  /** A terminal (or a check's client) sent this; port: its TCP port, the accept's peerPort. */
  z.object({ kind: z.literal("typed"), t: z.number(), thread: z.literal(-1), n: z.number().int().optional(), line: z.undefined().optional(), port: z.number().int(), bytes: Count, preview: Text(128) }),
  /** The lab read past the run's budget (or invalid lines) and skipped this many of the program's events. */
  z.object({ kind: z.literal("lab.dropped"), t: z.number(), thread: z.literal(-1), n: z.number().int().optional(), line: z.undefined().optional(), count: Count, reason: Text(400) }),
] as const;
export type LabEvent = z.infer<(typeof labEvents)[number]>;
/** A lab event before the lab stamps it (time, thread, number). */
export type LabRecord = LabEvent extends infer E ? (E extends LabEvent ? Omit<E, "n" | "t" | "thread"> : never) : never;

/** Every event of a run's trace, as the lab keeps it and sends it to pages. */
export const TraceEvent = z.discriminatedUnion("kind", [...programEvents, ...labEvents]);
export type TraceEvent = z.infer<typeof TraceEvent>;
export type TraceKind = TraceEvent["kind"];
/** One kind of event, e.g. TraceOf<"send">. */
export type TraceOf<K extends TraceKind> = Extract<TraceEvent, { kind: K }>;

/** How the trace of a run is going, for the view and for checks that need it. */
export const TraceStatus = z.object({
  /**
   * waiting: the tracer has not connected yet; on; ended: the program exited with its tracer
   * connected; lost: the tracer never connected, went away while the program ran, or sent what is
   * not a trace event (the program disabled or forged it); the message says which.
   */
  state: z.enum(["waiting", "on", "ended", "lost"]),
  message: z.string().optional(),
  /** Events accepted, dropped by the program's tracer, skipped by the lab (over budget or invalid). */
  received: Count,
  droppedByProgram: Count,
  droppedByLab: Count,
  /** The lab reads at most this many events a second from one run; past it the tracer drops. */
  eventsPerSecond: Count,
  /** Events the lab kept but did not send to pages (past PAGE_EVENTS_PER_SECOND: the page shows a sample). */
  notSent: Count.optional(),
});
export type TraceStatus = z.infer<typeof TraceStatus>;
