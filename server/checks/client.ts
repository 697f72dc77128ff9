// One telnet-like client of the program under test: it sends lines ending "\r\n" (telnet in line
// mode), keeps everything it received for matching, and writes a transcript a student can read.
import type { Socket } from "node:net";
import { StringDecoder } from "node:string_decoder";
import type { Transcript, TranscriptEntry } from "../../shared/check-report";

/** Past this much text a transcript is cut (the stress check's clients receive hundreds of lines). */
const TRANSCRIPT_CHARS = 6000;

export type ClientState = "open" | "left" | "reset" | "closed by server";

export class TelnetClient {
  /** Everything received so far, as text; matching looks here, never at the (cut) transcript. */
  received = "";
  state: ClientState = "open";
  private readonly entries: TranscriptEntry[] = [];
  private transcriptChars = 0;
  private truncated = false;
  private readonly waiters = new Set<() => void>();
  private readonly decoder = new StringDecoder("utf8");
  private readonly closed: Promise<void>;

  constructor(
    readonly name: string,
    readonly socket: Socket,
    private readonly clock: () => number,
    /** Told when the connection ends, whoever ended it (for the "clients connected" count). */
    onClosed: () => void,
  ) {
    socket.setNoDelay(true);
    this.record("connected", "connected to port 8888");
    socket.on("data", (data: Buffer) => {
      const text = this.decoder.write(data);
      this.received += text;
      this.record("received", text);
      this.wake();
    });
    socket.on("end", () => {
      if (this.state === "open") {
        this.state = "closed by server";
        this.record("closed by server", "the server closed the connection");
      }
      this.wake();
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      // After our own reset the socket reports nothing useful; before it, this is the server's doing.
      if (this.state === "open") {
        this.state = "closed by server";
        this.record("error", error.code === "ECONNRESET" ? "the server reset the connection" : `connection error: ${error.message}`);
      }
    });
    this.closed = new Promise((resolve) =>
      socket.once("close", () => {
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

  get open(): boolean {
    return this.state === "open" && !this.socket.destroyed;
  }

  /** Type a line and press Enter, as telnet in line mode sends it. */
  sendLine(text: string): void {
    if (!this.open) return;
    this.socket.write(`${text}\r\n`);
    this.record("sent", `${text}\r\n`);
  }

  /** Resolves true once `done(received)` holds, false after `timeoutMs` or when the connection ends. */
  waitFor(done: (received: string) => boolean, timeoutMs: number): Promise<boolean> {
    if (done(this.received)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (done(this.received)) finish(true);
        else if (this.socket.destroyed || this.state !== "open") finish(done(this.received));
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

  /** Leave politely, as closing telnet does: FIN, keep reading until the server closes too. */
  async leave(): Promise<void> {
    if (!this.open) return;
    this.state = "left";
    this.record("left", "closed the connection");
    this.socket.end();
    const timer = setTimeout(() => this.socket.destroy(), 1000);
    await this.closed;
    clearTimeout(timer);
  }

  /** Leave abruptly: a TCP reset, as a crashed client or a pulled cable (seen later) would. */
  reset(): void {
    if (!this.open) return;
    this.state = "reset";
    this.record("reset", "reset the connection (left abruptly)");
    this.socket.resetAndDestroy();
  }

  /** Drop the connection without a note: the check is over. */
  dispose(): void {
    if (this.state === "open") this.state = "left";
    if (!this.socket.destroyed) this.socket.destroy();
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
