// A traced program in the real strong sandbox, and telnet-like clients of it: what the trace tests
// drive and compare the trace against.
import type { SandboxRun, Sandbox } from "../../server/sandbox/types";
import { LineClient } from "../support/line-client";
import { listening } from "../support/sandbox-runs";
import type { TraceEvent, TraceOf } from "../../shared/trace-events";
import { RunTrace, type TraceLimits } from "../../server/trace/run-trace";
import { programFileName } from "../../shared/stages";
import { stageSource as stageProgram } from "../../server/stages/catalogue";

export interface Traced {
  run: SandboxRun;
  trace: RunTrace;
  /** Resolves when the program listens on 8888. */
  listening(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTraced(sandbox: Sandbox, source: string | number, limits?: TraceLimits, fileName = "program.py"): Promise<Traced> {
  const text = typeof source === "number" ? stageProgram(source) : source;
  const name = typeof source === "number" ? programFileName(source) : fileName;
  const run = await sandbox.start({ source: text, fileName: name, trace: true });
  const trace = new RunTrace(limits);
  run.on("trace", (stream) => trace.attach(stream));
  run.on("exit", () => trace.programExited());
  let stderr = "";
  run.on("stderr", (d) => (stderr += d.toString()));
  return { run, trace, listening: () => listening(run, 8888, 10_000, () => stderr), stop: () => run.stop("test done").then(() => trace.close()) };
}

/** A telnet-like client of the program's port 8888, through the runner interface (its localPort is the peer port the trace shows). */
export async function connect(run: SandboxRun): Promise<LineClient> {
  return LineClient.over(await run.connect(8888));
}

export function ofKind<K extends TraceEvent["kind"]>(events: TraceEvent[], kind: K): TraceOf<K>[] {
  return events.filter((e): e is TraceOf<K> => e.kind === kind);
}

/** Waits until the trace holds an event that matches (the tracer sends every 20 ms). */
export async function seen<K extends TraceEvent["kind"]>(trace: RunTrace, kind: K, match: (e: TraceOf<K>) => boolean = () => true, ms = 15_000): Promise<TraceOf<K>> {
  const event = await trace.waitFor((e) => e.kind === kind && match(e as TraceOf<K>), ms);
  if (!event) throw new Error(`no ${kind} event in the trace within ${ms} ms; it has: ${trace.events().map((e) => e.kind).join(", ")}`);
  return event as TraceOf<K>;
}
