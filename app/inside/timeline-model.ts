// What the "Inside the server" timeline shows, worked out from the trace events with no DOM: the
// lanes (one per thread, the terminals' typing on top, each shared list's contents), who each
// connection is, the words for an event, and which events belong together (a typed line, its recv,
// the sends that carried it on).
import type { TraceEvent, TraceOf } from "@/shared/trace-events";

export interface Lane {
  /** -1: what the terminals typed; -2 - n: shared list n; else the thread number. */
  id: number;
  label: string;
}

export interface Model {
  lanes: Lane[];
  /** Socket number -> who is at the other end ("terminal 2", "client :50124"). */
  peers: Map<number, string>;
  /** Socket number -> its client's TCP port. */
  ports: Map<number, number>;
  start: number;
  end: number;
}

export const TYPED_LANE = -1;
export const listLane = (list: number) => -2 - list;

/** Labels for terminals by their TCP port, as the page numbers them (set by the terminal panes). */
export type TerminalNames = ReadonlyMap<number, string>;

export function buildModel(events: readonly TraceEvent[], terminals: TerminalNames): Model {
  const peers = new Map<number, string>();
  const ports = new Map<number, number>();
  const threads = new Map<number, string>();
  const lists = new Map<number, string>();
  const served = new Map<number, number>(); // thread -> the connection it serves
  const accepted = new Map<number, number>(); // thread -> the connection it accepted last
  for (const e of events) {
    // The tutorial's shape: accept, then start a thread for that client.
    if (e.kind === "thread.start" && accepted.has(e.parent)) served.set(e.thread, accepted.get(e.parent)!);
    if (e.kind === "accept") {
      accepted.set(e.thread, e.conn);
      if (e.peerPort !== undefined) ports.set(e.conn, e.peerPort);
      peers.set(e.conn, (e.peerPort !== undefined && terminals.get(e.peerPort)) || `client :${e.peerPort ?? e.peer}`);
    } else if (e.kind === "listen") peers.set(e.conn, `listening :${e.port}`);
    else if (e.kind === "thread.start") threads.set(e.thread, e.name);
    else if (e.kind === "list.change") lists.set(e.list, e.name ?? `list ${e.list}`);
    if (e.thread > 0 && (e.kind === "recv" || e.kind === "close") && !served.has(e.thread)) served.set(e.thread, e.conn);
  }
  const lanes: Lane[] = [];
  if (events.some((e) => e.kind === "typed")) lanes.push({ id: TYPED_LANE, label: "typed in terminals" });
  const threadIds = new Set<number>(events.filter((e) => e.thread >= 0).map((e) => e.thread));
  for (const id of [...threadIds].sort((a, b) => a - b)) {
    const conn = served.get(id);
    const who = conn !== undefined ? ` · ${peers.get(conn) ?? `socket ${conn}`}` : "";
    lanes.push({ id, label: id === 0 ? "main thread" : `${threads.get(id) ?? `thread ${id}`}${who}` });
  }
  for (const [list, name] of lists) lanes.push({ id: listLane(list), label: `${name} (shared list)` });
  return { lanes, peers, ports, start: events[0]?.t ?? 0, end: events.at(-1)?.t ?? 0 };
}

export function laneOf(e: TraceEvent): number {
  if (e.kind === "typed" || e.kind === "lab.dropped") return TYPED_LANE;
  return e.thread;
}

const quote = (text: string) => JSON.stringify(text).replace(/\\r\\n"$/, '⏎"').replace(/\\n"$/, '⏎"');
const ms = (n: number | undefined) => (n === undefined ? "" : n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(n < 1 ? 3 : 1)} ms`);

export function contents(model: Model, items: readonly number[]): string {
  return `[${items.map((n) => (n === 0 ? "?" : (model.peers.get(n) ?? `socket ${n}`))).join(", ")}]`;
}

/** One event in words, as the details line shows it. */
export function describe(e: TraceEvent, model: Model, terminals: TerminalNames): string {
  const peer = (conn: number) => model.peers.get(conn) ?? `socket ${conn}`;
  const waited = "wait" in e && e.wait && e.wait >= 1 ? ` after waiting ${ms(e.wait)}` : "";
  switch (e.kind) {
    case "listen":
      return `listen on port ${e.port}`;
    case "accept":
      return `accept: ${peer(e.conn)} connected (from ${e.peer})${waited}`;
    case "connect":
      return `connect to ${e.peer}`;
    case "recv":
      return e.bytes === 0 ? `recv from ${peer(e.conn)}: b'' — the client left${waited}` : `recv from ${peer(e.conn)}: ${e.bytes} bytes ${quote(e.preview)}${waited}`;
    case "send":
      return `${e.op} to ${peer(e.conn)}: ${e.bytes} bytes ${quote(e.preview)}${e.via !== undefined ? ` (walking the list, position ${e.index})` : ""}${e.holding.length ? ` holding lock ${e.holding.join(", ")}` : ""}`;
    case "close":
      return `close ${peer(e.conn)}`;
    case "sock.error":
      return `${e.op} on ${peer(e.conn)} failed: ${e.error}`;
    case "thread.start":
      return `${e.name} starts (started by ${e.parent === 0 ? "the main thread" : `thread ${e.parent}`})`;
    case "thread.end":
      return "the thread ends";
    case "exception":
      return `exception ${e.type}: ${e.message}`;
    case "lock.wait":
      return `waits for lock ${e.name ?? e.lock}${e.holder !== undefined ? ` (held by ${e.holder === 0 ? "the main thread" : `thread ${e.holder}`})` : ""}`;
    case "lock.acquire":
      return `acquires lock ${e.name ?? e.lock}${waited}`;
    case "lock.release":
      return `releases lock ${e.name ?? e.lock}`;
    case "list.change": {
      const what = e.item !== undefined ? ` ${peer(e.item)}${e.index !== undefined ? ` at position ${e.index}` : ""}` : "";
      const lock = e.holding.length ? `holding lock ${e.holding.join(", ")}` : "holding no lock";
      return `${e.name ?? `list ${e.list}`}.${e.op}${what} → ${contents(model, e.items)}, ${lock}`;
    }
    case "input":
      return e.eof ? "input(): end of input" : `input() read ${quote(e.preview)}${waited}`;
    case "print":
      return `print ${quote(e.preview)}`;
    case "dropped":
      return `the program's tracer dropped ${e.count} events (it made them faster than the lab reads)`;
    case "lab.dropped":
      return e.reason;
    case "tracer.note":
      return e.message;
    case "exit":
      return "the program exits";
    case "typed":
      return `${terminals.get(e.port) ?? `client :${e.port}`} sent ${quote(e.preview)}`;
  }
}

/**
 * The events that go with `e`: a typed line, the recv that read it and the sends that carried it on
 * (the sends of that thread up to its next recv); a list change's earlier and later states are the
 * list's own lane.
 */
export function related(events: readonly TraceEvent[], e: TraceEvent, model: Model): TraceEvent[] {
  const at = events.indexOf(e);
  if (at < 0) return [];
  if (e.kind === "typed") {
    const conn = [...model.ports].find(([, port]) => port === e.port)?.[0];
    const recv = events.slice(at).find((x): x is TraceOf<"recv"> => x.kind === "recv" && x.conn === conn && x.bytes > 0);
    return recv ? [recv, ...carried(events, recv)] : [];
  }
  if (e.kind === "recv") {
    const port = model.ports.get(e.conn);
    const typed = events
      .slice(0, at)
      .reverse()
      .find((x) => x.kind === "typed" && x.port === port);
    return [...(typed ? [typed] : []), ...carried(events, e)];
  }
  if (e.kind === "send") {
    const recv = events
      .slice(0, at)
      .reverse()
      .find((x): x is TraceOf<"recv"> => x.kind === "recv" && x.thread === e.thread);
    return recv ? [recv, ...related(events, recv, model).filter((x) => x !== e)] : [];
  }
  if (e.kind === "lock.acquire" || e.kind === "lock.release" || e.kind === "lock.wait") {
    return events.filter((x) => (x.kind === "lock.acquire" || x.kind === "lock.release" || x.kind === "lock.wait") && x.lock === e.lock && x !== e && Math.abs(x.t - e.t) < 1000);
  }
  return [];
}

/** A recv's line as the thread passed it on: its sends until its next recv. */
function carried(events: readonly TraceEvent[], recv: TraceOf<"recv">): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (const x of events.slice(events.indexOf(recv) + 1)) {
    if (x.thread !== recv.thread) continue;
    if (x.kind === "recv") break;
    if (x.kind === "send" || x.kind === "sock.error") out.push(x);
  }
  return out;
}
