// One traced run's trace, as the lab keeps it: reads the tracer's stream (untrusted: the student's
// own process writes it), checks every event, charges the run a budget of events a second, keeps
// the most recent in a ring, and passes them on in batches. A program that floods the channel,
// forges events or disables its tracer gets a shorter trace, or none, and the status says so.
import { EventEmitter } from "node:events";
import type { Readable } from "node:stream";
import { ProgramEvent, type LabRecord, type TraceEvent, type TraceStatus } from "../../shared/trace-events";
import { Ring } from "./ring";

export interface TraceLimits {
  /** Events the lab reads from one run a second; past it, it stops reading until the next second. */
  eventsPerSecond: number;
  /** Events kept (the ring). */
  keep: number;
}

export const INTERACTIVE_TRACE: TraceLimits = { eventsPerSecond: 5_000, keep: 5_000 };

/** A line longer than this is not an event: the stream is given up. */
const MAX_LINE = 16 * 1024;
/** Invalid lines tolerated before the trace is given up as forged. */
const MAX_INVALID = 20;
/** Events go to listeners at most this often. */
const BATCH_MS = 50;

/** CLOCK_MONOTONIC in ms, the clock the tracer stamps events with. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface RunTraceEvents {
  events: [batch: TraceEvent[], status: TraceStatus];
}

export class RunTrace extends EventEmitter<RunTraceEvents> {
  private ring: Ring<TraceEvent>;
  private readonly startedAt = monotonicMs();
  private n = 0;
  private invalid = 0;
  private stream: Readable | null = null;
  private partial = "";
  private budgetUsed = 0;
  private budgetSecond = 0;
  private skippedThisSecond = 0;
  private batch: TraceEvent[] = [];
  private batchTimer: NodeJS.Timeout | null = null;
  private readonly waiters = new Set<(event: TraceEvent) => void>();
  readonly status: TraceStatus;

  constructor(public limits: TraceLimits = INTERACTIVE_TRACE) {
    super();
    this.ring = new Ring(limits.keep);
    this.status = { state: "waiting", received: 0, droppedByProgram: 0, droppedByLab: 0, eventsPerSecond: limits.eventsPerSecond };
  }

  /** The tracer connected: read its events. */
  attach(stream: Readable): void {
    if (this.stream || this.status.state !== "waiting") {
      stream.destroy();
      return;
    }
    this.stream = stream;
    this.setState("on");
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => this.read(chunk));
    stream.on("error", () => {});
    stream.on("close", () => {
      this.stream = null;
      // The channel closes when the program exits; one that closes while the program goes on was cut off.
      if (this.status.state !== "on" || this.exited) return;
      setTimeout(() => {
        if (!this.exited && this.status.state === "on") this.setState("lost", "the program closed its tracer's channel: what it did after that is not seen");
      }, 1000).unref();
    });
  }

  private exited = false;

  /** The program exited: the trace is complete, or says why not. */
  programExited(): void {
    this.exited = true;
    const finish = () => {
      if (this.status.state === "waiting") this.setState("lost", "the program's tracer never started (the program may have disabled it), so nothing it did was seen");
      else if (this.status.state === "on") this.setState("ended");
      this.flush();
    };
    // What the tracer wrote last may still be on its way: read it first.
    if (this.stream && !this.stream.destroyed) this.stream.once("close", finish);
    else finish();
  }

  /** A program that is still running cut its tracer off: what follows is not seen. */
  private lost(message: string): void {
    this.stream?.destroy();
    this.setState("lost", message);
  }

  private setState(state: TraceStatus["state"], message?: string): void {
    this.status.state = state;
    if (message) this.status.message = message;
    else delete this.status.message;
    this.scheduleFlush();
  }

  /** An event the lab itself saw (a line typed in a terminal). */
  record(event: LabRecord): void {
    if (this.status.state === "lost") return;
    this.accept({ ...event, t: monotonicMs(), thread: -1 } as TraceEvent);
  }

  private read(chunk: string): void {
    const lines = (this.partial + chunk).split("\n");
    this.partial = lines.pop()!;
    if (this.partial.length > MAX_LINE) return this.lost("the program sent a line that is not a trace event: the trace stopped there");
    const now = monotonicMs();
    const second = Math.floor(now / 1000);
    if (second !== this.budgetSecond) {
      this.noteSkipped();
      this.budgetSecond = second;
      this.budgetUsed = 0;
    }
    for (const line of lines) {
      if (!line) continue;
      if (this.budgetUsed >= this.limits.eventsPerSecond) {
        this.skippedThisSecond++;
        continue;
      }
      this.budgetUsed++;
      this.parse(line, now);
      if (this.status.state === "lost") return;
    }
    // Over budget: stop reading until the next second, so the program's tracer (not the lab) holds
    // and drops what it cannot send.
    if (this.budgetUsed >= this.limits.eventsPerSecond && this.stream && !this.stream.isPaused()) {
      this.stream.pause();
      setTimeout(() => this.stream?.resume(), 1000 - (now % 1000)).unref();
    }
  }

  private noteSkipped(): void {
    if (!this.skippedThisSecond) return;
    const count = this.skippedThisSecond;
    this.skippedThisSecond = 0;
    this.status.droppedByLab += count;
    this.record({ kind: "lab.dropped", count, reason: `more than ${this.limits.eventsPerSecond} events in a second: the lab skipped ${count}` });
  }

  private parse(line: string, now: number): void {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      json = undefined;
    }
    const parsed = ProgramEvent.safeParse(json);
    if (!parsed.success) {
      this.status.droppedByLab++;
      if (++this.invalid > MAX_INVALID) this.lost("the program sent what is not a trace event (it may have written to its tracer's channel): the trace stopped there");
      return;
    }
    const event = parsed.data as TraceEvent;
    // The program's clock claims are kept within what can be true: after the run started, not in the future.
    event.t = Math.min(Math.max(event.t, this.startedAt), now);
    if (event.kind === "dropped") this.status.droppedByProgram += event.count;
    this.accept(event);
  }

  private accept(event: TraceEvent): void {
    event.n = this.n++;
    this.status.received++;
    this.ring.push(event);
    this.batch.push(event);
    this.scheduleFlush();
    for (const wake of this.waiters) wake(event);
  }

  private scheduleFlush(): void {
    this.batchTimer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  private flush(): void {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    const batch = this.batch;
    this.batch = [];
    this.emit("events", batch, { ...this.status });
  }

  /**
   * A new budget and ring (the events kept so far move into it): "Show me the race" reads every
   * event of a stress it starts, then the run goes back to its own budget.
   */
  setLimits(limits: TraceLimits): void {
    const kept = this.ring.toArray().slice(-limits.keep);
    this.limits = limits;
    this.status.eventsPerSecond = limits.eventsPerSecond;
    this.ring = new Ring(limits.keep);
    for (const event of kept) this.ring.push(event);
  }

  /** The events kept, oldest first (at most limits.keep: the oldest go first). */
  events(): TraceEvent[] {
    return this.ring.toArray();
  }

  /** Resolves with the first kept event that matches, waiting up to `ms`; null if none came. */
  waitFor(match: (event: TraceEvent) => boolean, ms: number): Promise<TraceEvent | null> {
    const found = this.events().find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      const done = (event: TraceEvent | null) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(event);
      };
      const wake = (event: TraceEvent) => {
        if (match(event)) done(event);
      };
      const timer = setTimeout(() => done(null), ms);
      this.waiters.add(wake);
    });
  }

  /** Stop reading (the run is gone). */
  close(): void {
    this.stream?.destroy();
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    this.waiters.clear();
  }
}
