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

/** Who is at the other end of a socket, as the trace said it (named when the model is made). */
type PeerSource = { kind: "listen"; port: number } | { kind: "accept"; peerPort: number | undefined; peer: string };

/**
 * The model and the indexes the timeline draws and links from, kept up to date with the run's
 * events as they arrive: each batch costs what its own events cost, however many came before
 * (a model rebuilt from all 10,000 events for every batch, 20 times a second, did not). The page's
 * store appends events and lets the oldest go (`forgotten` of them so far); an event's number here
 * (its "seq") is its place since the trace began, so the event is `events[seq - forgotten]`.
 */
export class TimelineIndex {
  private events: readonly TraceEvent[] = [];
  private forgotten = 0;
  /** Events taken in so far: seqs below this are indexed. */
  private seen = 0;
  private terminals: TerminalNames = new Map();
  private terminalsVersion = -1;
  // What the model is made from, kept across batches.
  private readonly peerSources = new Map<number, PeerSource>();
  private readonly ports = new Map<number, number>();
  private readonly threads = new Map<number, string>();
  private readonly lists = new Map<number, string>();
  private readonly served = new Map<number, number>();
  private readonly accepted = new Map<number, number>();
  /** Each lane's events (seqs, oldest first) from `head` on; a lane is shown while it has one kept. */
  private readonly lanes = new Map<number, Seqs>();
  /** Each thread's newest event (any kind, its list changes too): its lane shows while that is kept. */
  private readonly threadLast = new Map<number, number>();
  /** For the links: recvs that read something, by connection; typed lines by port; lock steps by lock. */
  private readonly recvs = new Map<number, Seqs>();
  private readonly typed = new Map<number, Seqs>();
  private readonly locks = new Map<number, Seqs>();
  private dirty = true;
  private current: Model = { lanes: [], peers: new Map(), ports: new Map(), start: 0, end: 0 };

  /**
   * Takes in the events that arrived since the last call and returns the model: the same object
   * while its lanes and names did not change (so what depends on it need not be redone).
   */
  update(events: readonly TraceEvent[], forgotten: number, terminals: TerminalNames, terminalsVersion = 0): Model {
    // Another trace (a page that reconnected gets the run's events anew): start over.
    if (events !== this.events || forgotten < this.forgotten || forgotten + events.length < this.seen) this.reset();
    this.events = events;
    if (forgotten !== this.forgotten) {
      // A lane (or a thread's) whose last kept event goes is no longer shown.
      for (const lane of this.lanes.values()) if (forget(lane, forgotten)) this.dirty = true;
      for (const map of [this.recvs, this.typed, this.locks]) for (const seqs of map.values()) forget(seqs, forgotten);
      for (const last of this.threadLast.values()) if (last >= this.forgotten && last < forgotten) this.dirty = true;
      this.forgotten = forgotten;
    }
    if (terminals !== this.terminals || terminalsVersion !== this.terminalsVersion) {
      this.terminals = terminals;
      this.terminalsVersion = terminalsVersion;
      this.dirty = true;
    }
    for (let seq = Math.max(this.seen, forgotten); seq < forgotten + events.length; seq++) this.take(events[seq - forgotten], seq);
    this.seen = forgotten + events.length;
    if (this.dirty) {
      this.dirty = false;
      this.current = this.makeModel();
    }
    this.current.start = events[0]?.t ?? 0;
    this.current.end = events.at(-1)?.t ?? 0;
    return this.current;
  }

  get model(): Model {
    return this.current;
  }

  private reset(): void {
    for (const map of [this.peerSources, this.ports, this.threads, this.lists, this.served, this.accepted, this.lanes, this.threadLast, this.recvs, this.typed, this.locks]) map.clear();
    this.seen = 0;
    this.forgotten = 0;
    this.dirty = true;
  }

  private take(e: TraceEvent, seq: number): void {
    // The tutorial's shape: accept, then start a thread for that client.
    if (e.kind === "thread.start" && this.accepted.has(e.parent)) this.setServed(e.thread, this.accepted.get(e.parent)!);
    if (e.kind === "accept") {
      this.accepted.set(e.thread, e.conn);
      if (e.peerPort !== undefined) this.ports.set(e.conn, e.peerPort);
      this.peerSources.set(e.conn, { kind: "accept", peerPort: e.peerPort, peer: e.peer });
      this.dirty = true;
    } else if (e.kind === "listen") {
      this.peerSources.set(e.conn, { kind: "listen", port: e.port });
      this.dirty = true;
    } else if (e.kind === "thread.start") {
      this.threads.set(e.thread, e.name);
      this.dirty = true;
    } else if (e.kind === "list.change") {
      const name = e.name ?? `list ${e.list}`;
      if (this.lists.get(e.list) !== name) (this.lists.set(e.list, name), (this.dirty = true));
    }
    if (e.thread > 0 && (e.kind === "recv" || e.kind === "close") && !this.served.has(e.thread)) this.setServed(e.thread, e.conn);
    if (e.thread >= 0) {
      if (!this.threadLast.has(e.thread) || this.threadLast.get(e.thread)! < this.forgotten) this.dirty = true;
      this.threadLast.set(e.thread, seq);
    }
    const laneId = e.kind === "list.change" ? listLane(e.list) : laneOf(e);
    let lane = this.lanes.get(laneId);
    if (!lane) this.lanes.set(laneId, (lane = { seqs: [], head: 0 }));
    if (lane.head >= lane.seqs.length) this.dirty = true;
    lane.seqs.push(seq);
    if (e.kind === "recv" && e.bytes > 0) add(this.recvs, e.conn, seq);
    else if (e.kind === "typed") add(this.typed, e.port, seq);
    else if (e.kind === "lock.acquire" || e.kind === "lock.release" || e.kind === "lock.wait") add(this.locks, e.lock, seq);
  }

  private setServed(thread: number, conn: number): void {
    this.served.set(thread, conn);
    this.dirty = true;
  }

  private makeModel(): Model {
    const peers = new Map<number, string>();
    for (const [conn, source] of this.peerSources) {
      peers.set(conn, source.kind === "listen" ? `listening :${source.port}` : (source.peerPort !== undefined && this.terminals.get(source.peerPort)) || `client :${source.peerPort ?? source.peer}`);
    }
    const kept = (id: number) => {
      const lane = this.lanes.get(id);
      return lane !== undefined && lane.head < lane.seqs.length;
    };
    const lanes: Lane[] = [];
    // The typed lane holds the lab's own notes too; it is shown once something was typed.
    if ([...this.typed.values()].some((typed) => typed.head < typed.seqs.length)) lanes.push({ id: TYPED_LANE, label: "typed in terminals" });
    const threadIds = [...this.threadLast].filter(([, last]) => last >= this.forgotten).map(([id]) => id);
    for (const id of threadIds.sort((a, b) => a - b)) {
      const conn = this.served.get(id);
      const who = conn !== undefined ? ` · ${peers.get(conn) ?? `socket ${conn}`}` : "";
      lanes.push({ id, label: id === 0 ? "main thread" : `${this.threads.get(id) ?? `thread ${id}`}${who}` });
    }
    for (const [list, name] of this.lists) if (kept(listLane(list))) lanes.push({ id: listLane(list), label: `${name} (shared list)` });
    return { lanes, peers, ports: new Map(this.ports), start: 0, end: 0 };
  }

  /** The event numbered `seq`, if it is still kept. */
  event(seq: number): TraceEvent | undefined {
    return seq >= this.forgotten ? this.events[seq - this.forgotten] : undefined;
  }

  /** A lane's kept events, oldest first, as seqs: `seqs[head..]`. */
  lane(id: number): Readonly<Seqs> | undefined {
    return this.lanes.get(id);
  }

  /** The seq of an event that is kept (found by its number `n`, which the lab gives in order), or -1. */
  seqOf(e: TraceEvent): number {
    const events = this.events;
    if (e.n !== undefined) {
      let lo = 0;
      let hi = events.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((events[mid].n ?? -1) < e.n) lo = mid + 1;
        else hi = mid;
      }
      if (events[lo] === e) return this.forgotten + lo;
    }
    const at = events.indexOf(e);
    return at < 0 ? -1 : this.forgotten + at;
  }

  /**
   * The events that go with `e`: a typed line, the recv that read it and the sends that carried it
   * on (the sends of that thread up to its next recv); a lock step, the same lock's other steps
   * within a second; a list change's earlier and later states are the list's own lane.
   */
  related(e: TraceEvent): TraceEvent[] {
    const at = this.seqOf(e);
    if (at < 0) return [];
    if (e.kind === "typed") {
      const conn = [...this.current.ports].find(([, port]) => port === e.port)?.[0];
      const recvs = conn === undefined ? undefined : this.recvs.get(conn);
      const recv = recvs ? this.event(recvs.seqs[firstAbove(recvs.seqs, at, recvs.head)] ?? -1) : undefined;
      return recv?.kind === "recv" ? [recv, ...this.carried(recv)] : [];
    }
    if (e.kind === "recv") {
      const port = this.current.ports.get(e.conn);
      const typeds = port === undefined ? undefined : this.typed.get(port);
      const before = typeds ? firstAbove(typeds.seqs, at - 1, typeds.head) - 1 : -1;
      const typed = typeds && before >= typeds.head ? this.event(typeds.seqs[before]) : undefined;
      return [...(typed ? [typed] : []), ...this.carried(e)];
    }
    if (e.kind === "send") {
      const lane = this.lanes.get(e.thread);
      if (!lane) return [];
      for (let i = firstAbove(lane.seqs, at - 1, lane.head) - 1; i >= lane.head; i--) {
        const x = this.event(lane.seqs[i]);
        if (x?.kind === "recv") return [x, ...this.related(x).filter((y) => y !== e)];
      }
      return [];
    }
    if (e.kind === "lock.acquire" || e.kind === "lock.release" || e.kind === "lock.wait") {
      const out: TraceEvent[] = [];
      const steps = this.locks.get(e.lock);
      for (let i = steps?.head ?? 0; steps && i < steps.seqs.length; i++) {
        const x = this.event(steps.seqs[i]);
        if (x && x !== e && Math.abs(x.t - e.t) < 1000) out.push(x);
      }
      return out;
    }
    return [];
  }

  /** A recv's line as the thread passed it on: its sends until its next recv. */
  private carried(recv: TraceOf<"recv">): TraceEvent[] {
    const out: TraceEvent[] = [];
    const lane = this.lanes.get(recv.thread);
    const at = this.seqOf(recv);
    if (!lane || at < 0) return out;
    for (let i = firstAbove(lane.seqs, at, lane.head); i < lane.seqs.length; i++) {
      const x = this.event(lane.seqs[i]);
      if (!x) continue;
      if (x.kind === "recv") break;
      if (x.kind === "send" || x.kind === "sock.error") out.push(x);
    }
    return out;
  }
}

/** The first index in `seqs` (ascending) from `from` on whose seq is above `seq`. */
function firstAbove(seqs: readonly number[], seq: number, from: number): number {
  let lo = Math.max(0, from);
  let hi = seqs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (seqs[mid] <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Events by seq, oldest first; those before `head` are forgotten. */
interface Seqs {
  seqs: number[];
  head: number;
}

/** Moves `head` past the forgotten seqs (letting go of them now and then); true if none is left. */
function forget(s: Seqs, forgotten: number): boolean {
  const had = s.head < s.seqs.length;
  while (s.head < s.seqs.length && s.seqs[s.head] < forgotten) s.head++;
  if (s.head > 1024 && s.head * 2 > s.seqs.length) {
    s.seqs.splice(0, s.head);
    s.head = 0;
  }
  return had && s.head >= s.seqs.length;
}

function add(map: Map<number, Seqs>, key: number, seq: number): void {
  const s = map.get(key);
  if (s) s.seqs.push(seq);
  else map.set(key, { seqs: [seq], head: 0 });
}

export function laneOf(e: TraceEvent): number {
  if (e.kind === "typed" || e.kind === "lab.dropped") return TYPED_LANE;
  return e.thread;
}

const quote = (text: string) => JSON.stringify(text).replace(/\\r\\n"$/, '⏎"').replace(/\\n"$/, '⏎"');
const ms = (n: number | undefined) => (n === undefined ? "" : n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(n < 1 ? 3 : 1)} ms`);

/** A socket as the story and the details name it: its terminal or client, or its number. */
export function peerName(model: Model, conn: number): string {
  return model.peers.get(conn) ?? `socket ${conn}`;
}

/**
 * A list's contents in words. A long list (the race's stress joins 70 clients) shows only the few
 * entries around where it changed, and how many it left out on each side: the full list would make
 * every step of the race story a paragraph.
 */
function contents(model: Model, items: readonly number[], around?: number): string {
  const name = (n: number) => (n === 0 ? "?" : peerName(model, n));
  if (items.length <= SHOWN_ITEMS) return `[${items.map(name).join(", ")}]`;
  const at = Math.min(Math.max(around ?? 0, 0), items.length - 1);
  const from = Math.max(0, Math.min(at - 2, items.length - 5));
  const to = Math.min(items.length, from + 5);
  const shown = items.slice(from, to).map(name);
  if (from > 0) shown.unshift(`… ${from} before`);
  if (to < items.length) shown.push(`${items.length - to} after …`);
  return `[${shown.join(", ")}] (${items.length} in all)`;
}
const SHOWN_ITEMS = 8;

/** One event in words, as the details line shows it. */
export function describe(e: TraceEvent, model: Model, terminals: TerminalNames): string {
  const peer = (conn: number) => peerName(model, conn);
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
      return `${e.name ?? `list ${e.list}`}.${e.op}${what} → ${contents(model, e.items, e.index ?? e.items.length - 1)}, ${lock}`;
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
