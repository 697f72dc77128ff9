// The one line client of the tests and the benchmarks: a byte stream to a chat server — a raw TCP
// socket, a runner Connection, a WebSocket such as websockify's — and, as Terminal (terminal.ts),
// the lab's own terminal socket with its status lines. Lines end in CR LF, as telnet and the lab's
// terminal send them. What a student's program sends is untrusted, to a test's client too (a
// flooding program once grew the lab's own clients to 3.3 GiB): a client keeps only the newest
// `keep` bytes and counts the rest; callers that account for bytes themselves (benchmarks, load
// tests) keep none and read each chunk in onData.
import net from "node:net";
import { WebSocket } from "ws";
import type { Connection } from "../../server/sandbox/types";

export interface LineClientOptions {
  /** For messages and benchmark rows. */
  name?: string;
  /** How many of the newest bytes received to keep for `received`, `text` and `waitText`; 0 keeps none. */
  keep?: number;
}

const KEEP_DEFAULT = 1024 * 1024;

/** The connection under a client: bytes out, flow control, and its two ways to end. */
interface Link {
  write(data: Buffer, done?: (error?: Error | null) => void): void;
  /** Politely: a FIN on TCP, a close frame on a WebSocket. */
  end(): void;
  /** Abruptly: a TCP reset, or a WebSocket dropped without a close frame. */
  reset(): void;
  /** Stop reading (what arrives waits in the kernel, and the sender is held back), and start again. */
  pause(): void;
  resume(): void;
}

export class LineClient {
  readonly name: string;
  /** Each chunk as it arrives (whether kept or not). */
  onData: (data: Buffer) => void = () => {};
  /** Every byte that arrived, kept or not. */
  receivedBytes = 0;
  closed = false;
  /** Why it closed when not cleanly: an errno code (ECONNRESET) or the error's message. */
  error: string | null = null;
  private chunks: Buffer[] = [];
  private keptBytes = 0;
  private readonly keep: number;
  private waiters: Array<() => void> = [];

  protected constructor(
    private readonly link: Link,
    options: LineClientOptions,
    /** Where the program sees this client come from (its accept()'s peer port), when known. */
    readonly localPort?: number,
  ) {
    this.name = options.name ?? "client";
    this.keep = options.keep ?? KEEP_DEFAULT;
  }

  /** A TCP connection to 127.0.0.1:port, Nagle off as the lab's sockets have it. */
  static tcp(port: number, options: LineClientOptions = {}): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: "127.0.0.1", noDelay: true });
      socket.once("error", reject);
      socket.once("connect", () => {
        socket.off("error", reject);
        const link: Link = { write: (d, done) => socket.write(d, done), end: () => socket.end(), reset: () => socket.resetAndDestroy(), pause: () => socket.pause(), resume: () => socket.resume() };
        const client = new LineClient(link, options, socket.localPort);
        socket.on("data", (d: Buffer) => client.arrived(d));
        socket.on("error", (e: NodeJS.ErrnoException) => (client.error = e.code ?? e.message));
        socket.on("close", () => client.ended());
        resolve(client);
      });
    });
  }

  /** A connection the runner interface opened into a run (server/sandbox/types.ts). */
  static over(connection: Connection, options: LineClientOptions = {}): LineClient {
    const link: Link = {
      write: (d, done) => {
        connection.write(d);
        done?.();
      },
      end: () => connection.end(),
      reset: () => connection.reset(),
      pause: () => connection.pause(),
      resume: () => connection.resume(),
    };
    const client = new LineClient(link, options, connection.localPort);
    connection.on("data", (d) => client.arrived(d));
    connection.on("close", (error) => client.ended(error));
    return client;
  }

  /** A WebSocket that carries the stream in binary frames (websockify); text frames are ignored. */
  static async websocket(url: string, options: LineClientOptions = {}): Promise<LineClient> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const client = new LineClient(LineClient.wsLink(ws), options);
    LineClient.listen(ws, client, () => {});
    await LineClient.opened(ws);
    return client;
  }

  protected static wsLink(ws: WebSocket): Link {
    return { write: (d, done) => ws.send(d, { binary: true }, done), end: () => ws.close(), reset: () => ws.terminate(), pause: () => ws.pause(), resume: () => ws.resume() };
  }

  protected static listen(ws: WebSocket, client: LineClient, onText: (text: string) => void): void {
    ws.binaryType = "nodebuffer";
    ws.on("message", (data: Buffer, isBinary) => (isBinary ? client.arrived(data) : onText(data.toString())));
    ws.on("error", (e) => (client.error = e.message));
    ws.on("close", () => client.ended());
  }

  /** Resolves once the WebSocket opened; rejects with ws's words ("Unexpected server response: 404"). */
  protected static opened(ws: WebSocket): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
  }

  protected arrived(data: Buffer): void {
    this.receivedBytes += data.length;
    if (this.keep > 0) {
      this.chunks.push(data);
      this.keptBytes += data.length;
      while (this.chunks.length > 1 && this.keptBytes - this.chunks[0]!.length >= this.keep) this.keptBytes -= this.chunks.shift()!.length;
    }
    this.onData(data);
    this.wake();
  }

  protected ended(error: string | null = null): void {
    this.error ??= error;
    this.closed = true;
    this.wake();
  }

  protected wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** The newest bytes received, at most `keep` of them. */
  get received(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    const all = this.chunks[0] ?? Buffer.alloc(0);
    return all.length > this.keep ? all.subarray(all.length - this.keep) : all;
  }

  get text(): string {
    return this.received.toString("utf8");
  }

  send(data: Buffer | string, done?: (error?: Error | null) => void): void {
    this.link.write(typeof data === "string" ? Buffer.from(data) : data, done);
  }

  /** A line as telnet (and the lab's terminal) sends it: CR LF at the end. */
  typeLine(line: string): void {
    this.send(`${line}\r\n`);
  }

  /** Wait until `test` holds, looking again whenever something arrives or the connection ends. */
  async until(test: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.name}: timed out after ${timeoutMs} ms waiting for ${what}; ${this.describe()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  waitText(text: string, timeoutMs = 5000): Promise<void> {
    return this.until(() => this.text.includes(text), JSON.stringify(text), timeoutMs);
  }

  waitClosed(timeoutMs = 5000): Promise<void> {
    return this.until(() => this.closed, "the connection to close", timeoutMs);
  }

  /** Make sure nothing arrives for a while (for "the second client gets no echo"). */
  async quietFor(ms: number): Promise<void> {
    const before = this.receivedBytes;
    await new Promise((r) => setTimeout(r, ms));
    if (this.receivedBytes !== before) throw new Error(`${this.name}: expected silence, got ${JSON.stringify(this.received.subarray(before - this.receivedBytes).toString())}`);
  }

  /** Leave politely, as quitting telnet does: the server reads end of file. */
  end(): void {
    this.link.end();
  }

  /** Vanish abruptly: the server sees a reset, not end of file. */
  reset(): void {
    this.link.reset();
  }

  /** Stop reading: what the server sends waits, and a server that writes on is held back. */
  pause(): void {
    this.link.pause();
  }

  resume(): void {
    this.link.resume();
  }

  /** Leave politely and wait until the server has closed its side too. */
  async leave(timeoutMs = 5000): Promise<void> {
    this.end();
    await this.waitClosed(timeoutMs);
  }

  /** Leave politely, and reset whatever has not closed within 3 s. */
  async close(): Promise<void> {
    if (!this.closed) await this.leave(3000).catch(() => this.reset());
  }

  protected describe(): string {
    return `received ${this.receivedBytes} bytes, ending ${JSON.stringify(this.text.slice(-400))}${this.closed ? `, closed${this.error ? ` (${this.error})` : ""}` : ""}`;
  }
}

/** An onData that hands over each complete CR LF line, with the moment its end arrived. */
export function byLine(onLine: (line: string, at: number) => void): (data: Buffer) => void {
  let pending = "";
  return (data) => {
    const at = performance.now();
    pending += data.toString("latin1");
    let eol: number;
    while ((eol = pending.indexOf("\r\n")) >= 0) {
      onLine(pending.slice(0, eol), at);
      pending = pending.slice(eol + 2);
    }
  };
}
