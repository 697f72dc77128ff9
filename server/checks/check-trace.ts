// What a traced check keeps of its program's trace: the changes to shared lists and the names of
// locks, within a budget (the trace is written by the student's process: untrusted and bounded
// by RunTrace, and here only the few kinds the lock check reads are kept).
import type { TraceOf, TraceStatus } from "../../shared/trace-events";
import type { SandboxRun } from "../sandbox/types";
import { RunTrace } from "../trace/run-trace";

/** A check's own reading budget (docs/trace.md); the ring is small, the kept changes are counted. */
const CHECK_TRACE = { eventsPerSecond: 50_000, keep: 1000 };
const CHANGES_KEPT = 5000;

export class CheckTrace {
  private readonly trace = new RunTrace(CHECK_TRACE);
  readonly changes: Array<TraceOf<"list.change">> = [];
  readonly lockNames = new Map<number, string>();
  threads = 0;

  constructor(run: SandboxRun) {
    run.on("trace", (stream) => this.trace.attach(stream));
    run.once("exit", () => this.trace.programExited());
    this.trace.on("events", (batch) => {
      for (const e of batch) {
        if (e.kind === "list.change" && this.changes.length < CHANGES_KEPT) this.changes.push(e);
        else if ((e.kind === "lock.acquire" || e.kind === "lock.wait") && e.name && this.lockNames.size < 1000) this.lockNames.set(e.lock, e.name);
        else if (e.kind === "thread.start") this.threads++;
      }
    });
  }

  get status(): TraceStatus {
    return this.trace.status;
  }

  /** Resolves once what the tracer sent so far has been read (it sends every 20 ms, the lab batches every 50). */
  settle(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 250));
  }

  close(): void {
    this.trace.close();
  }
}
