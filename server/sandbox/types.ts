// The sandbox's narrow interface. Runs, terminals and checks use only this, so another backend
// (the weak local mode today, a cluster scheduler tomorrow) can replace the namespace one.
import type { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import type { Readable } from "node:stream";

export interface Limits {
  /** Memory for all the run's processes together, bytes. */
  memoryBytes: number;
  /** Processes and threads together. */
  tasks: number;
  /** Share of one CPU core the run may use, 0..1 (where cgroups allow), and CPU seconds in total (rlimit). */
  cpuShare: number;
  cpuSeconds: number;
  /** Largest file the program may write, and the size of its private /tmp. */
  fileBytes: number;
  tmpBytes: number;
  /** Open files and sockets. */
  openFiles: number;
  /** Output bytes a second before the program's writes are held back. */
  outputBytesPerSecond: number;
}

export interface StartOptions {
  /** The program's text and the file name it runs as (shown in tracebacks). */
  source: string;
  fileName: string;
  limits?: Partial<Limits>;
  /** Extra environment for the program, e.g. PYTHONSWITCHINTERVAL-like knobs used by checks. */
  env?: Record<string, string>;
  /** Extra interpreter arguments placed before the file, e.g. ["-X", "dev"]. */
  pythonArgs?: string[];
  /**
   * Trace the program (server/trace/, docs/trace.md): the tracer starts inside it before the
   * student's code and streams its events; the run emits "trace" with that stream once connected.
   */
  trace?: boolean;
}

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  /** The lab's explanation when it knows one: "out of memory (limit 256 MiB)", "stopped". */
  reason?: string;
}

export interface SandboxRunEvents {
  stdout: [data: Buffer];
  stderr: [data: Buffer];
  /** The set of TCP ports the program listens on changed. */
  ports: [ports: number[]];
  exit: [info: ExitInfo];
  /**
   * A traced run's tracer connected: its events, as JSON lines written by the program's own process
   * (untrusted: read it with server/trace/). At most once per run.
   */
  trace: [stream: Readable];
}

export interface SandboxRun extends EventEmitter<SandboxRunEvents> {
  readonly id: string;
  /** Ports the program listens on now. */
  readonly ports: readonly number[];
  /** Set once the program has exited. */
  readonly exitInfo: ExitInfo | null;
  writeStdin(data: string | Buffer): void;
  endStdin(): void;
  /**
   * A real TCP connection to 127.0.0.1:port inside the run, as `telnet localhost port` there would
   * make. Rejects with an Error whose `code` is "ECONNREFUSED" when nothing listens.
   */
  connect(port: number): Promise<Socket>;
  /** Kill the program and every process it started; resolves when none is left. */
  stop(reason?: string): Promise<void>;
}

export interface Sandbox {
  readonly mode: "strong" | "weak";
  /** Set in weak mode: what isolation is missing, for the start-up banner and every console. */
  readonly warning?: string;
  readonly limits: Limits;
  start(options: StartOptions): Promise<SandboxRun>;
  /** Stop every run and release what the sandbox holds. */
  close(): Promise<void>;
}
