// One check's world: a fresh sandboxed run of the student's program, the clients the check
// connects to it, and what the program printed. Failures are thrown as CheckFailed with words a
// student can act on; the engine turns them into the report.
import type { ExitInfo, Sandbox, SandboxRun } from "../sandbox/types";
import type { Transcript } from "../../shared/check-report";
import { TelnetClient } from "./client";

export const PORT = 8888;
/** A program that has not listened by then never will (start to listening is ~60 ms here). */
export const LISTEN_MS = 5000;
/** A connection the kernel holds back (listen(1) backlog full) is retried for about this long. */
const CONNECT_MS = 6000;
const MAX_TRANSCRIPTS = 8;

export class CheckFailed extends Error {
  constructor(
    readonly finding: string,
    readonly happened: string,
    readonly hint: string,
  ) {
    super(finding);
  }
}

/** The program never listened: every later check would fail the same way, so they are skipped. */
export class StartupFailed extends CheckFailed {}

// Python has no environment variable for the thread switch interval and the sandbox shows no
// extra files, so a one-line bootstrap sets it and then runs the student's file as __main__.
// run-command.ts puts pythonArgs before the file path, which therefore arrives as sys.argv[1].
const FAST_SWITCH_ARGS = [
  "-c",
  "import runpy, sys; sys.setswitchinterval(1e-5); sys.argv = sys.argv[1:]; sys.path[0] = '/lab'; runpy.run_path(sys.argv[0], run_name='__main__')",
];

/** Tracebacks without the bootstrap's own frames, so they look as they would without it. */
export function cleanStderr(text: string): string {
  return text
    .split("\n")
    .filter((line) => !/^\s+File "<(string|frozen runpy)>"/.test(line))
    .join("\n");
}

export interface ProgramSpec {
  source: string;
  fileName: string;
}

export class CheckContext {
  readonly clients: TelnetClient[] = [];
  readonly warnings: string[] = [];
  readonly notes: string[] = [];
  /** Which clients' transcripts the report shows (all, unless a check picks a few). */
  shownClients: TelnetClient[] | null = null;
  private readonly refused: Transcript[] = [];
  private stderrText = "";
  private connected = 0;
  private named = 0;
  private readonly exited: Promise<void>;
  private readonly startedAt = Date.now();

  private constructor(
    readonly run: SandboxRun,
    readonly signal: AbortSignal,
    private readonly onClients: (connected: number, message?: string) => void,
    private readonly fastSwitch: boolean,
  ) {
    run.on("stderr", (data) => (this.stderrText += data.toString()));
    // One listener for every wait: a crowd of refused clients each waiting would be dozens.
    this.exited = new Promise((resolve) => run.once("exit", () => resolve()));
  }

  /** Start the program in a fresh run; the caller then awaits waitListening() and always finish(). */
  static async start(sandbox: Sandbox, program: ProgramSpec, fastSwitch: boolean, signal: AbortSignal, onClients: (n: number, message?: string) => void): Promise<CheckContext> {
    const run = await sandbox.start({ ...program, ...(fastSwitch ? { pythonArgs: FAST_SWITCH_ARGS } : {}) });
    return new CheckContext(run, signal, onClients, fastSwitch);
  }

  elapsed = (): number => Date.now() - this.startedAt;

  get stderr(): string {
    const text = this.frozenStderr ?? this.stderrText;
    return this.fastSwitch ? cleanStderr(text) : text;
  }

  /** Set when the check is over: what the program prints while being torn down is not its doing. */
  private frozenStderr: string | null = null;

  /** How the program ended, if it ended by itself (not by our stop at the end). */
  exitInfo: ExitInfo | null = null;

  async waitListening(): Promise<void> {
    const run = this.run;
    const outcome = await new Promise<"listening" | "exited" | "timeout">((resolve) => {
      const done = (how: "listening" | "exited" | "timeout") => {
        clearTimeout(timer);
        run.off("ports", onPorts);
        run.off("exit", onExit);
        resolve(how);
      };
      const onPorts = (ports: number[]) => ports.includes(PORT) && done("listening");
      const onExit = () => done("exited");
      const timer = setTimeout(() => done("timeout"), LISTEN_MS);
      run.on("ports", onPorts);
      run.on("exit", onExit);
      if (run.ports.includes(PORT)) done("listening");
      else if (run.exitInfo) done("exited");
    });
    if (outcome === "listening") return;
    if (outcome === "exited") {
      this.exitInfo = run.exitInfo;
      throw new StartupFailed(
        "the program stopped before it listened on port 8888",
        `The program ${this.exitText()} before any client could connect.${this.lastErrorLine()}`,
        "Run it yourself and read the traceback: the last line says what went wrong and the line above it where.",
      );
    }
    const elsewhere = run.ports.length ? ` It listens on port ${run.ports.join(", ")} instead.` : "";
    throw new StartupFailed(
      `the program did not listen on port 8888 within ${LISTEN_MS / 1000} s`,
      `After ${LISTEN_MS / 1000} s nothing listened on port 8888.${elsewhere}`,
      "The server must call bind(('', 8888)) and listen() before it waits for anything else.",
    );
  }

  /** "exited with code 1" / "was killed: out of memory ..." */
  exitText(): string {
    const info = this.exitInfo ?? this.run.exitInfo;
    if (!info) return "is still running";
    const how = info.code !== null ? `exited with code ${info.code}` : `was ended by ${info.signal}`;
    return info.reason && info.reason !== "stopped" ? `${how} (${info.reason})` : how;
  }

  /** The last line of a traceback ("BrokenPipeError: ..."), as a sentence for `happened`. */
  lastErrorLine(): string {
    const lines = this.stderr.trim().split("\n").filter((l) => /^\w+(Error|Exception|Interrupt)\b|^\w+:/.test(l));
    return lines.length ? ` It printed: ${lines.at(-1)}` : "";
  }

  /** Connect the next client ("client N"); a refusal fails the check with the words given. */
  async connect(refused?: { finding: string; hint: string }): Promise<TelnetClient> {
    // Named when asked for, not when connected: clients connecting together keep distinct names.
    const name = `client ${++this.named}`;
    let socket;
    try {
      socket = await withTimeout(this.run.connect(PORT), CONNECT_MS);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this.refused.push({ client: name, entries: [{ atMs: this.elapsed(), kind: "refused", text: code === "ETIMEDOUT" ? `no connection within ${CONNECT_MS / 1000} s` : "connection refused" }] });
      await this.waitExit(500);
      if (code === "ETIMEDOUT") {
        throw new CheckFailed("the program stopped accepting connections", `${name} could not connect within ${CONNECT_MS / 1000} s: the program does not accept() new clients.`, "Make sure the accept() loop keeps running while clients are served.");
      }
      const finding = refused?.finding ?? (this.exitInfo ? "the program stopped while clients were using it" : "nothing listens on port 8888 any more");
      throw new CheckFailed(finding, `${name} was refused: the program ${this.exitText()}.${this.lastErrorLine()}`, refused?.hint ?? "Keep the listening socket open and the accept() loop running.");
    }
    const client = new TelnetClient(name, socket, this.elapsed, () => this.onClients(--this.connected));
    this.clients.push(client);
    this.onClients(++this.connected);
    return client;
  }

  async connectMany(count: number): Promise<TelnetClient[]> {
    const clients: TelnetClient[] = [];
    for (let i = 0; i < count; i++) clients.push(await this.connect());
    return clients;
  }

  progress(message: string): void {
    this.onClients(this.connected, message);
  }

  /** Resolves when the program exits or after `ms`; records how it exited. */
  async waitExit(ms: number): Promise<void> {
    if (!this.run.exitInfo) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
      clearTimeout(timer);
    }
    this.exitInfo ??= this.run.exitInfo;
  }

  /** Fails the check when the program has exited (after a short grace for the exit to arrive). */
  async expectRunning(finding: string, hint: string, graceMs = 300): Promise<void> {
    await this.waitExit(graceMs);
    if (this.exitInfo) throw new CheckFailed(finding, `The program ${this.exitText()}.${this.lastErrorLine()}`, hint);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  transcripts(): Transcript[] {
    // A check that ended early (a timeout) may not have picked its few: never send seventy.
    return [...(this.shownClients ?? this.clients).slice(0, MAX_TRANSCRIPTS).map((c) => c.transcript()), ...this.refused.slice(0, 2)];
  }

  /** Drop every client and stop the run; returns how the program ended if it ended by itself. */
  async finish(): Promise<ExitInfo | null> {
    this.exitInfo ??= this.run.exitInfo;
    this.frozenStderr = this.stderrText;
    for (const client of this.clients) client.dispose();
    await this.run.stop("the check is over");
    return this.exitInfo;
  }
}

function withTimeout<T extends { destroy(): void }>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" }));
    }, ms);
    promise.then(
      (value) => (late ? value.destroy() : (clearTimeout(timer), resolve(value))),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}
