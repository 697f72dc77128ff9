// One check's world: a fresh sandboxed run of the student's program, the clients the check
// connects to it, and what the program printed. Failures are thrown as CheckFailed with words a
// student can act on; the engine turns them into the report.
import type { ExitInfo, Sandbox, SandboxRun } from "../sandbox/types";
import type { Transcript } from "../../shared/check-report";
import { exitWords } from "../../shared/run-words";
import { BoundedText, sizeText } from "./bounded-text";
import { Patience } from "./busy";
import { FLOOD_FLOOR_BYTES, TelnetClient } from "./client";
import { CheckTrace } from "./check-trace";

export const PORT = 8888;
/** How long a reply may take on a quiet machine. Real replies take milliseconds; a held-back connection ~200 ms. */
export const REPLY_MS = 3000;
/** A program that has not listened by then never will (start to listening is ~60 ms here). */
const LISTEN_MS = 5000;
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

/** The stress check's thread switch interval: 10 µs instead of Python's 5 ms, so a missing lock shows. */
const FAST_SWITCH_SECONDS = 1e-5;

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
  /** The program's stderr: its first and last 32 K characters (a flood of tracebacks is counted, not kept). */
  private readonly stderrText = new BoundedText(32_000, 32_000);
  /** Rejects when the check must end now whatever it is waiting for (a flood); the engine races it. */
  readonly failed: Promise<never>;
  private failNow: (failure: CheckFailed) => void = () => {};
  private connected = 0;
  private named = 0;
  private readonly exited: Promise<void>;
  private readonly startedAt = Date.now();
  /** The check's limits, stretched while the machine is busy (and whether it was). */
  readonly patience = new Patience();

  private constructor(
    readonly run: SandboxRun,
    readonly program: ProgramSpec,
    readonly signal: AbortSignal,
    private readonly onClients: (connected: number, message?: string) => void,
  ) {
    run.on("stderr", (data) => this.stderrText.append(data.toString()));
    this.failed = new Promise<never>((_, reject) => (this.failNow = reject));
    this.failed.catch(() => {});
    // One listener for every wait: a crowd of refused clients each waiting would be dozens.
    this.exited = new Promise((resolve) => run.once("exit", () => resolve()));
  }

  /** Start the program in a fresh run; the caller then awaits waitListening() and always finish(). */
  static async start(sandbox: Sandbox, program: ProgramSpec, how: { fastSwitch: boolean; traced: boolean }, signal: AbortSignal, onClients: (n: number, message?: string) => void): Promise<CheckContext> {
    // Each thread's traceback in one piece: threads dying together otherwise interleave theirs line
    // by line ("Exception in thread Exception in thread ..."), which the findings could not read.
    const run = await sandbox.start({ ...program, wholeThreadTracebacks: true, ...(how.fastSwitch ? { threadSwitchInterval: FAST_SWITCH_SECONDS } : {}), ...(how.traced ? { trace: true } : {}) });
    const ctx = new CheckContext(run, program, signal, onClients);
    if (how.traced) ctx.trace = new CheckTrace(run);
    return ctx;
  }

  /** The program's trace, for a traced check (definition.traced). */
  trace: CheckTrace | null = null;

  elapsed = (): number => Date.now() - this.startedAt;

  get stderr(): string {
    return this.frozenStderr ?? this.stderrText.text();
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
      // A busy machine can hold a correct program's start back for seconds: wait longer then.
      let timer = setTimeout(() => {
        const more = this.patience.stretch(LISTEN_MS) - LISTEN_MS;
        if (more > 0) timer = setTimeout(() => done("timeout"), more);
        else done("timeout");
      }, LISTEN_MS);
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
    const waited = Math.round(this.elapsed() / 1000);
    throw new StartupFailed(
      `the program did not listen on port 8888 within ${waited} s`,
      `After ${waited} s nothing listened on port 8888.${elsewhere}${this.patience.busySeen ? ` The lab was busy (${this.patience.busySeen}), so it waited longer than the usual ${LISTEN_MS / 1000} s.` : ""}`,
      "The server must call bind(('', 8888)) and listen() before it waits for anything else.",
    );
  }

  /** "exited with code 1" / "was killed by SIGKILL (out of memory ...)" */
  exitText(): string {
    const info = this.exitInfo ?? this.run.exitInfo;
    if (!info) return "is still running";
    return exitWords({ ...info, reason: info.reason === "stopped" ? undefined : info.reason });
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
    let connection;
    try {
      connection = await withTimeout(this.run.connect(PORT), this.patience.stretch(CONNECT_MS));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this.refused.push({ client: name, entries: [{ atMs: this.elapsed(), kind: "refused", text: code === "ETIMEDOUT" ? `no connection within ${Math.round(this.elapsed() / 1000)} s` : "connection refused" }] });
      await this.waitExit(500);
      if (code === "ETIMEDOUT") {
        throw new CheckFailed("the program stopped accepting connections", `${name} could not connect: the program did not accept() it.`, "Make sure the accept() loop keeps running while clients are served.");
      }
      if (!this.exitInfo) {
        // Refused while the program still runs: it closed its listening socket (or never reopened it).
        const earlier = this.clients.length ? ` after ${this.clients.length === 1 ? "client 1" : `${this.clients.length} clients`}` : "";
        throw new CheckFailed(
          `the program closed its listening socket${earlier}`,
          `${name} was refused: nothing listens on port 8888 any more, though the program is still running.`,
          "Close only the socket accept() returned for that client (e.g. CLIENT.close()), never the listening socket: the server needs it to accept() the next client.",
        );
      }
      const finding = refused?.finding ?? "the program stopped while clients were using it";
      throw new CheckFailed(finding, `${name} was refused: the program ${this.exitText()}.${this.lastErrorLine()}`, refused?.hint ?? "Keep the listening socket open and the accept() loop running.");
    }
    const client = new TelnetClient(name, connection, this.elapsed, () => this.onClients(--this.connected), {
      allowance: () => FLOOD_FLOOR_BYTES + 4 * this.bytesSent(),
      onFlood: (c) => this.failNow(floodFailure(c, this.bytesSent())),
    });
    this.clients.push(client);
    this.onClients(++this.connected);
    return client;
  }

  async connectMany(count: number): Promise<TelnetClient[]> {
    const clients: TelnetClient[] = [];
    for (let i = 0; i < count; i++) clients.push(await this.connect());
    return clients;
  }

  /** Bytes all the check's clients have sent the program. */
  bytesSent(): number {
    return this.clients.reduce((sum, c) => sum + c.sentBytes, 0);
  }

  /**
   * How long a reply may take. Not stretched: a reply takes milliseconds, 3 s is a thousand times
   * that even on a busy machine, and a missing reply is the commonest failure (stretching it would
   * make every wrong program's check slower). Starting, connecting and the stress rounds stretch.
   */
  replyMs(): number {
    return REPLY_MS;
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
    this.frozenStderr = this.stderrText.text();
    for (const client of this.clients) client.dispose();
    await this.run.stop("the check is over");
    this.trace?.close();
    return this.exitInfo;
  }
}

/** A program that sends far more than it was sent: the check ends at once, saying how much. */
export function floodFailure(client: TelnetClient, sent: number): CheckFailed {
  return new CheckFailed(
    `your server sent ${sizeText(client.receivedBytes)} without stopping`,
    `The server sent ${client.name} ${sizeText(client.receivedBytes)} and was still sending, though ${sent ? `the clients had sent it only ${sizeText(sent)} in all` : "no client had sent it anything"}; ${client.name} stopped reading there.`,
    "A chat server should send only what it receives: look for a send in a loop that does not wait for recv(), or a loop that sends the same data again and again.",
  );
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
