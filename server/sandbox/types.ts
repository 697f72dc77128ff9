// The runner's interface: start a program with stated intents, watch it, open connections to its
// ports, stop it. Runs, terminals and checks use only this, so another backend (the process
// backend today, runner hosts or a pod per run tomorrow: docs/scaling.md) can replace the namespace
// one. Nothing here is a file descriptor or a command line: every call and event could cross a
// network as a message (VS Code's ITerminalChildProcess is the model).
import type { EventEmitter } from "node:events";
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

/** How runs are kept apart: said in reports, on the wire and at start-up instead of a backend's name. */
export interface Isolation {
  /** Whether runs are kept apart from each other and from the lab's machine. */
  isolated: boolean;
  /** What keeps them apart, in a few words: "own network, pid and mount namespaces, uid and cgroup per run". */
  description: string;
}

export interface StartOptions {
  /** The program's text and the file name it runs as (shown in tracebacks). */
  source: string;
  fileName: string;
  /**
   * Python's thread switch interval in seconds (sys.setswitchinterval), set before the program's
   * first line: the race checks use 1e-5 so a missing lock shows. Unset: Python's own 0.005.
   */
  threadSwitchInterval?: number;
  /**
   * Write each thread's uncaught exception in one piece: threads dying together otherwise interleave
   * their tracebacks line by line, which the checks' findings could not read.
   */
  wholeThreadTracebacks?: boolean;
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
   * (untrusted: read it with server/trace/). At most once per run. A remote runner would send these
   * lines as messages and hand the lab a stream of them.
   */
  trace: [stream: Readable];
}

export interface ConnectOptions {
  /**
   * The source address on the run's loopback (127.x.y.z) the connection comes from, so the program
   * sees each client at an address of its own, as a class of separate machines would look.
   * Unset: 127.0.0.1.
   */
  from?: string;
}

export interface ConnectionEvents {
  /** Bytes from the program (only while not paused). */
  data: [chunk: Buffer];
  /** The program closed its side (a FIN: its recv() loop ended or it closed the socket). */
  end: [];
  /** What was written has been passed on: write more. */
  drain: [];
  /**
   * The connection is gone. `error` is an errno-style code when it ended abnormally
   * ("ECONNRESET" when the program reset it), null when it closed cleanly or we closed it.
   */
  close: [error: string | null];
}

/**
 * One TCP connection into the run, as `telnet localhost PORT` inside the run would make. Flow
 * control both ways: write() returns false when the caller should wait for "drain", and pause()
 * stops "data" until resume() (a remote runner turns these into credit/acknowledge messages).
 * Data is delivered once a "data" listener is attached, never lost before.
 */
export interface Connection extends EventEmitter<ConnectionEvents> {
  /** False once closed (by either side). */
  readonly open: boolean;
  /** Where the program sees this client: its address (`from`, else 127.0.0.1) and port, as accept() returns them. */
  readonly localAddress: string;
  readonly localPort: number;
  write(data: Buffer | string): boolean;
  /** Close our side politely (FIN), as quitting telnet does; the program may still send. */
  end(): void;
  /** Leave abruptly (a TCP reset), as a crashed client would. */
  reset(): void;
  /** Drop the connection at once, without a word to the caller. */
  destroy(): void;
  pause(): void;
  resume(): void;
  readonly paused: boolean;
}

export interface SandboxRun extends EventEmitter<SandboxRunEvents> {
  readonly id: string;
  /** Ports the program listens on now. */
  readonly ports: readonly number[];
  /** Set once the program has exited. */
  readonly exitInfo: ExitInfo | null;
  writeStdin(data: string | Buffer): void;
  endStdin(): void;
  /** Rejects with an Error whose `code` is "ECONNREFUSED" when nothing listens. */
  connect(port: number, options?: ConnectOptions): Promise<Connection>;
  /** Kill the program and every process it started; resolves when none is left. */
  stop(reason?: string): Promise<void>;
}

export interface Sandbox {
  readonly isolation: Isolation;
  /** Set when runs are not isolated: what is missing, for the start-up banner and every console. */
  readonly warning?: string;
  start(options: StartOptions): Promise<SandboxRun>;
  /** Stop every run and release what the sandbox holds. */
  close(): Promise<void>;
}
