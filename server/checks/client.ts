// One telnet-like client of the program under test: it sends lines ending "\r\n" (telnet in line
// mode), keeps the latest of what it received for matching, and writes a transcript a student can
// read. What a program sends is untrusted: a client keeps a bounded window of it, and past its
// allowance (a chat server sends about what its clients send) it stops reading and says so.
import { StringDecoder } from "node:string_decoder";
import type { Connection } from "../sandbox/types";
import type { Transcript, TranscriptEntry } from "../../shared/check-report";

/** Past this much text a transcript is cut (the stress check's clients receive hundreds of lines). */
const TRANSCRIPT_CHARS = 6000;
/**
 * Received text kept for matching. A stress round's client receives ~30 KB in all and is read
 * every 25 ms; a flooding server once grew the lab to 3.3 GiB when clients kept everything.
 */
const WINDOW_CHARS = 64 * 1024;
/** Bytes any client may receive whatever was sent: banners, prefixes, a generous echo. */
export const FLOOD_FLOOR_BYTES = 256 * 1024;

export interface ClientOptions {
  /** Bytes this client may receive before it counts as flooded (default: FLOOD_FLOOR_BYTES). */
  allowance?: () => number;
  /** Told once, when the client has stopped reading because the program sent past its allowance. */
  onFlood?: (client: TelnetClient) => void;
}

export type ClientState = "open" | "left" | "reset" | "closed by server";

export class TelnetClient {
  /** The latest WINDOW_CHARS received, as text; matching looks here, never at the (cut) transcript. */
  received = "";
  /** Characters received before the window's start (dropped from it). */
  private dropped = 0;
  /** Bytes received in all, and sent in all. */
  receivedBytes = 0;
  sentBytes = 0;
  /** Set once the program sent past the allowance: the client stopped reading. */
  flooded = false;
  state: ClientState = "open";
  /** Set when the server closed its end (its FIN arrived), whenever that was, even after we left. */
  serverClosed = false;
  private readonly entries: TranscriptEntry[] = [];
  private transcriptChars = 0;
  private truncated = false;
  private readonly waiters = new Set<() => void>();
  private readonly decoder = new StringDecoder("utf8");
  private readonly closed: Promise<void>;

  constructor(
    readonly name: string,
    readonly connection: Connection,
    private readonly clock: () => number,
    /** Told when the connection ends, whoever ended it (for the "clients connected" count). */
    onClosed: () => void,
    private readonly options: ClientOptions = {},
  ) {
    this.record("connected", "connected to port 8888");
    connection.on("data", (data: Buffer) => {
      if (this.flooded) return;
      this.receivedBytes += data.length;
      const text = this.decoder.write(data);
      this.received += text;
      if (this.received.length > WINDOW_CHARS) {
        const cut = this.received.length - WINDOW_CHARS;
        this.dropped += cut;
        this.received = this.received.slice(cut);
      }
      this.record("received", text);
      if (this.receivedBytes > (this.options.allowance?.() ?? FLOOD_FLOOR_BYTES)) this.stopReading();
      this.wake();
    });
    connection.on("end", () => {
      this.serverClosed = true;
      if (this.state === "open") {
        this.state = "closed by server";
        this.record("closed by server", "the server closed the connection");
      }
      this.wake();
    });
    this.closed = new Promise((resolve) =>
      connection.once("close", (error) => {
        // After our own reset the connection reports nothing useful; before it, this is the server's doing.
        if (this.state === "open" && error) {
          this.state = "closed by server";
          this.record("error", error === "ECONNRESET" ? "the server reset the connection" : `connection error: ${error}`);
        }
        if (this.state === "open") {
          this.state = "closed by server";
          this.record("closed by server", "the connection was closed");
        }
        onClosed();
        this.wake();
        resolve();
      }),
    );
  }

  /** A mark in what was received, for since(): everything received so far. */
  mark(): number {
    return this.dropped + this.received.length;
  }

  /** What was received after `mark` (only what the window still holds). */
  since(mark: number): string {
    return this.received.slice(Math.max(0, mark - this.dropped));
  }

  /** The program sent more than any chat server would: stop reading (the kernel then holds the program back). */
  private stopReading(): void {
    this.flooded = true;
    this.connection.pause();
    this.record("note", `stopped reading: the server had sent ${this.receivedBytes} bytes`);
    this.options.onFlood?.(this);
  }

  get open(): boolean {
    return this.state === "open" && this.connection.open;
  }

  /** Type a line and press Enter, as telnet in line mode sends it. */
  sendLine(text: string): void {
    if (!this.open) return;
    this.connection.write(`${text}\r\n`);
    this.sentBytes += Buffer.byteLength(text) + 2;
    this.record("sent", `${text}\r\n`);
  }

  /** Resolves true once `done(received)` holds, false after `timeoutMs` or when the connection ends. */
  waitFor(done: (received: string) => boolean, timeoutMs: number): Promise<boolean> {
    if (done(this.received)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (done(this.received)) finish(true);
        else if (!this.connection.open || this.state !== "open" || this.flooded) finish(done(this.received));
      };
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(ok);
      };
      const timer = setTimeout(() => finish(done(this.received)), timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Wait for a piece of text to arrive. */
  waitForText(text: string, timeoutMs: number): Promise<boolean> {
    return this.waitFor((received) => received.includes(text), timeoutMs);
  }

  /**
   * Leave politely, as closing telnet does: FIN, keep reading until the server closes too. With
   * `linger`, only wait that long and keep listening afterwards (until dispose), so a check can see
   * whether and when the server closes its end.
   */
  async leave(linger?: number): Promise<void> {
    if (!this.open) return;
    this.state = "left";
    this.record("left", "closed the connection");
    this.connection.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.closed, new Promise<void>((resolve) => (timer = setTimeout(() => (linger === undefined && this.connection.destroy(), resolve()), linger ?? 1000)))]);
    clearTimeout(timer);
  }

  /** Leave abruptly: a TCP reset, as a crashed client or a pulled cable (seen later) would. */
  reset(): void {
    if (!this.open) return;
    this.state = "reset";
    this.record("reset", "reset the connection (left abruptly)");
    this.connection.reset();
  }

  /** Drop the connection without a note: the check is over. */
  dispose(): void {
    if (this.state === "open") this.state = "left";
    this.connection.destroy();
  }

  note(text: string): void {
    this.record("note", text);
  }

  transcript(): Transcript {
    return { client: this.name, entries: [...this.entries], ...(this.truncated ? { truncated: true } : {}) };
  }

  private record(kind: TranscriptEntry["kind"], text: string): void {
    if (this.transcriptChars > TRANSCRIPT_CHARS && kind !== "closed by server" && kind !== "reset" && kind !== "left") {
      this.truncated = true;
      return;
    }
    // One chunk can be 64 KB: keep only what fits the budget.
    const room = Math.max(200, TRANSCRIPT_CHARS + 200 - this.transcriptChars);
    if ((kind === "received" || kind === "sent") && text.length > room) {
      text = text.slice(0, room);
      this.truncated = true;
    }
    this.transcriptChars += text.length;
    const last = this.entries.at(-1);
    // Received text arrives in arbitrary chunks: one entry per stretch of receiving reads better.
    if (kind === "received" && last?.kind === "received") last.text += text;
    else this.entries.push({ atMs: this.clock(), kind, text });
  }

  private wake(): void {
    for (const check of [...this.waiters]) check();
  }
}
