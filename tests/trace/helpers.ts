// A traced program in the real strong sandbox, and telnet-like clients of it: what the trace tests
// drive and compare the trace against.
import type { Connection, SandboxRun, Sandbox } from "../../server/sandbox/types";
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
  const listening = () => new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not listening after 10 s: ${stderr}`)), 10_000);
    const check = (ports: readonly number[]) => ports.includes(8888) && (clearTimeout(timer), resolve());
    run.on("ports", check);
    check(run.ports);
  });
  return { run, trace, listening, stop: () => run.stop("test done").then(() => trace.close()) };
}

/** A client that keeps what it received, as the checks' clients do. */
export class Client {
  received = "";
  /** Its TCP port (the program's accept shows it as the peer's), kept: a closed socket forgets it. */
  readonly port: number;
  constructor(readonly socket: Connection) {
    this.port = socket.localPort;
    socket.on("data", (d) => (this.received += d.toString()));
  }
  static async open(run: SandboxRun): Promise<Client> {
    return new Client(await run.connect(8888));
  }
  say(line: string): void {
    this.socket.write(`${line}\r\n`);
  }
  async until(text: string, ms = 5000): Promise<void> {
    const end = Date.now() + ms;
    while (!this.received.includes(text)) {
      if (Date.now() > end) throw new Error(`never received ${JSON.stringify(text)} (got ${JSON.stringify(this.received)})`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  leave(): void {
    this.socket.end();
  }
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
