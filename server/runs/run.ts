// A run as a student sees it: one program started in one slot of the page, its state as it
// changes, its output so far, its terminals. Wraps a SandboxRun; knows nothing of WebSockets.
import { EventEmitter } from "node:events";
import { StringDecoder } from "node:string_decoder";
import type { OutputStream, ProgramSpec, RunSnapshot, RunState } from "../../shared/protocol";
import type { Connection, ConnectOptions, Sandbox, SandboxRun } from "../sandbox/types";
import { exitWords } from "../../shared/run-words";
import { programFileName } from "../../shared/stages";
import { stageSource } from "../stages/catalogue";
import { RunTrace } from "../trace/run-trace";
import { OutputLog } from "./output-log";
import { LineAborted } from "../admission/fair-line";

/** Where a run waits for its turn to start (the lab's start line, server/admission/). */
export type StartLine = (onPlace: (place: number) => void, signal: AbortSignal) => Promise<() => void>;

/**
 * A run holds its place in the start line until its program listens or exits, or this long at
 * most: a program that never listens (stage 0 reads the keyboard) must not keep others waiting.
 */
const START_HOLD_MAX_MS = 250;

export interface RunEvents {
  state: [state: RunState];
  output: [stream: OutputStream, data: string];
  stdin: [open: boolean];
  /** A stop was asked for (before the program is gone): joined classmates are told why first. */
  stopping: [reason: string];
}

let sequence = 0;

function describeProgram(program: ProgramSpec): string {
  return program.kind === "stage" ? `${programFileName(program.stage)} (the lab's stage ${program.stage} program)` : `${program.name} (your version)`;
}

export class Run extends EventEmitter<RunEvents> {
  readonly id = `run-${Date.now().toString(36)}-${(++sequence).toString(36)}`;
  readonly label: string;
  state: RunState = { state: "starting" };
  stdinOpen = true;
  terminals = 0;
  lastActivity = Date.now();
  /** When Run was pressed (ms since the epoch), for "running since" on every page. */
  readonly createdAt = Date.now();
  private sandboxRun: SandboxRun | null = null;
  private readonly log: OutputLog;
  private stopping: Promise<void> | null = null;
  /** Settles once the sandbox has started the program and its events are wired (or it failed): a stop waits for it. */
  private starting: Promise<unknown> = Promise.resolve();
  /** Aborted by a stop that comes while the run still waits in the start line. */
  private readonly queued = new AbortController();
  /** What the program does inside (the "Inside the server" timeline), when the run is traced. */
  readonly trace: RunTrace | null;

  constructor(
    readonly slot: string,
    readonly program: ProgramSpec,
    outputKeptBytes: number,
    private readonly warning: string | undefined,
    traced = false,
  ) {
    super();
    this.trace = traced ? new RunTrace() : null;
    this.label = describeProgram(program);
    this.log = new OutputLog(outputKeptBytes);
  }

  snapshot(): RunSnapshot {
    return { runId: this.id, slot: this.slot, label: this.label, program: this.program, state: this.state, output: this.log.snapshot(), stdinOpen: this.stdinOpen, createdAt: this.createdAt };
  }

  private setState(state: RunState): void {
    this.state = state;
    this.emit("state", state);
  }

  private output(stream: OutputStream, data: string): void {
    if (!data) return;
    this.log.append(stream, data);
    this.emit("output", stream, data);
  }

  start(sandbox: Sandbox, line: StartLine): Promise<void> {
    const launched = this.launch(sandbox, line);
    this.starting = launched.catch(() => {});
    return launched;
  }

  private async launch(sandbox: Sandbox, line: StartLine): Promise<void> {
    if (this.warning) this.output("system", `[lab] WEAK SANDBOX: ${this.warning}\n`);
    this.output("system", `[lab] starting ${this.label}\n`);
    const fileName = this.program.kind === "stage" ? programFileName(this.program.stage) : this.program.name;
    const source = this.program.kind === "stage" ? stageSource(this.program.stage) : this.program.source;
    let leave: () => void;
    try {
      leave = await line((place) => this.setState({ state: "starting", place }), this.queued.signal);
    } catch (error) {
      if (!(error instanceof LineAborted)) throw error;
      this.output("system", `[lab] stopped before it started\n`);
      this.setState({ state: "stopped", reason: "stopped before it started" });
      return;
    }
    if (this.state.state === "starting" && this.state.place) this.setState({ state: "starting" });
    let run: SandboxRun;
    try {
      run = await sandbox.start({ source, fileName, trace: this.trace !== null });
    } catch (error) {
      leave();
      this.output("system", `[lab] could not start the program: ${(error as Error).message}\n`);
      this.setState({ state: "exited", code: null, signal: null, reason: (error as Error).message });
      return;
    }
    const listening = (ports: number[]) => ports.length > 0 && leaveNow();
    const leaveNow = () => {
      clearTimeout(held);
      run.off("ports", listening);
      run.off("exit", leaveNow);
      leave();
    };
    const held = setTimeout(leaveNow, START_HOLD_MAX_MS);
    run.on("exit", leaveNow);
    run.on("ports", listening);
    this.sandboxRun = run;
    run.on("trace", (stream) => this.trace?.attach(stream));
    // Decoders keep a multi-byte character that arrives split across two reads whole.
    const decoders = { stdout: new StringDecoder("utf8"), stderr: new StringDecoder("utf8") };
    run.on("stdout", (data) => this.output("stdout", decoders.stdout.write(data)));
    run.on("stderr", (data) => this.output("stderr", decoders.stderr.write(data)));
    run.on("ports", (ports) => this.setState({ state: "running", ports }));
    run.on("exit", (info) => {
      this.trace?.programExited();
      this.output("stdout", decoders.stdout.end());
      this.output("stderr", decoders.stderr.end());
      this.stdinOpen = false;
      const stopped = this.stopping !== null;
      this.output("system", stopped ? `[lab] stopped${info.reason ? ` (${info.reason})` : ""}\n` : `[lab] ${exitWords(info)}\n`);
      this.setState(stopped ? { state: "stopped", reason: info.reason ?? "stopped" } : { state: "exited", code: info.code, signal: info.signal, reason: info.reason });
    });
    if (this.state.state === "starting" && !this.stopping) this.setState({ state: "running", ports: [...run.ports] });
  }

  get finished(): boolean {
    return this.state.state === "exited" || this.state.state === "stopped";
  }

  writeStdin(data: string): void {
    if (!this.sandboxRun || !this.stdinOpen) return;
    this.lastActivity = Date.now();
    // What the student typed shows in the console, as it did in IDLE.
    this.output("system", data);
    this.sandboxRun.writeStdin(data);
  }

  endStdin(): void {
    if (!this.sandboxRun || !this.stdinOpen) return;
    this.stdinOpen = false;
    this.sandboxRun.endStdin();
    this.emit("stdin", false);
  }

  /** `from`: the source address on the run's loopback (a classmate joining a shared server). */
  connect(port: number, options: ConnectOptions = {}): Promise<Connection> {
    if (!this.sandboxRun || this.finished) return Promise.reject(Object.assign(new Error("not running"), { code: "ECONNREFUSED" }));
    this.lastActivity = Date.now();
    return this.sandboxRun.connect(port, options);
  }

  stop(reason = "stopped by you"): Promise<void> {
    // A stop that arrives while the sandbox is still starting the program (a second Run pressed in
    // the same tick replaces this one) waits for it, then stops it: never leave a program running
    // that no slot holds and no limit counts.
    this.queued.abort();
    if (!this.stopping && !this.finished) this.emit("stopping", reason);
    this.stopping ??= this.starting.then(() => (this.sandboxRun && !this.finished ? this.sandboxRun.stop(reason) : undefined));
    return this.stopping;
  }
}
