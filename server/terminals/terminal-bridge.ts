// A terminal: one WebSocket joined to one TCP connection into the run, as `telnet localhost PORT`
// inside the run would make. Flow-controlled both ways: neither side buffers without bound, and
// neither carries more than its budget (terminal-budget.ts). When the page goes away without
// closing the terminal (a reload), the connection may be kept a while for the page that comes
// back (kept-terminals.ts): the program sees no client leave and join again.
import type { WebSocket } from "ws";
import { CloseCode, MAX_TERMINAL_FRAME_BYTES, parseMessage, TerminalClientMessage, type TerminalServerMessage } from "../../shared/protocol";
import { telnet } from "../../shared/telnet";
import type { Run } from "../runs/run";
import { ReadHold } from "../sessions/rate-limit";
import { PacedInput } from "./paced-input";
import { spend, type TerminalBudget } from "./terminal-budget";
import type { Connection } from "../sandbox/types";

/** Pause reading the program's output while this much is waiting to go to the browser. */
const HIGH_WATER = 256 * 1024;
/** What the program sends while no page is attached, kept for the page that comes back (the newest). */
export const MISSED_BYTES = 64 * 1024;
/** The close code a WebSocket reports for a close frame without one. */
const NO_CODE = 1005;

function status(ws: WebSocket, message: TerminalServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

export interface BridgeOptions {
  /** The source address on the run's loopback the connection comes from (a classmate joining). */
  from?: string;
  /** Whose server this is, for the status lines ("Ana's server"); unset: the student's own run. */
  peer?: string;
  /** How long (ms) a frame of input waits before it goes to the program: a joiner's rate. */
  pace?: (bytes: Buffer) => number;
  /** What this terminal spends its bytes from, each way (terminal-budget.ts); none: unlimited. */
  budgets?: TerminalBudget[];
  /**
   * The page went away without closing the terminal (a reload, a lost network): keep the
   * connection for it? True when kept (kept-terminals.ts attaches the page that comes back).
   */
  keep?: (link: TerminalLink) => boolean;
}

export async function bridgeTerminal(run: Run, port: number, ws: WebSocket, options: BridgeOptions = {}): Promise<void> {
  run.terminals++;
  let counted = true;
  const uncount = () => {
    if (counted) {
      counted = false;
      run.terminals--;
      run.lastActivity = Date.now();
    }
  };
  ws.once("close", uncount);
  ws.on("error", () => {});
  // What the student types while the connection is being made waits in the kernel's buffers.
  ws.pause();
  const trying = options.peer ? telnet.tryingPeer(options.peer, port) : telnet.trying(port);
  status(ws, { type: "status", status: "connecting", message: trying });

  let tcp: Connection;
  try {
    tcp = await run.connect(port, { from: options.from });
  } catch (error) {
    ws.resume();
    const code = (error as NodeJS.ErrnoException).code;
    const refused = code === "ECONNREFUSED";
    status(ws, { type: "status", status: refused ? "refused" : "error", message: refused ? telnet.refused : `Could not connect: ${code ?? (error as Error).message}` });
    ws.close(CloseCode.normal, refused ? "connection refused" : "connect failed");
    return;
  }
  if (ws.readyState !== ws.OPEN) {
    tcp.destroy();
    return;
  }
  ws.off("close", uncount);
  // From here the link counts the terminal until the connection ends, kept or not.
  const link = new TerminalLink(run, port, tcp, options, uncount);
  link.attach(ws, options.peer ? telnet.connectedPeer(options.peer, options.from ?? "127.0.0.1") : telnet.connected());
}

/** The lab's side of one terminal's TCP connection, with the page attached to it now (if any). */
export class TerminalLink {
  private ws: WebSocket | null = null;
  private input: PacedInput | null = null;
  private readonly outputHold: ReadHold;
  private readonly budgets: TerminalBudget[];
  /** The program's output since the page went away, newest MISSED_BYTES of it. */
  private missed: Buffer[] = [];
  private missedBytes = 0;
  private droppedBytes = 0;
  private ended = false;
  private readonly goneListeners: Array<() => void> = [];

  constructor(
    readonly run: Run,
    readonly port: number,
    private readonly tcp: Connection,
    private readonly options: BridgeOptions,
    /** The terminal no longer counts against its run's limit. */
    private readonly uncount: () => void,
  ) {
    this.budgets = options.budgets ?? [];
    // The program's output waits for the browser to read (HIGH_WATER) and for the budget to refill.
    this.outputHold = new ReadHold(tcp, () => this.browserBehind());
    tcp.on("data", (chunk: Buffer) => {
      const ws = this.ws;
      if (ws && ws.readyState === ws.OPEN) {
        ws.send(chunk, { binary: true }, () => {
          if (!this.browserBehind() && tcp.paused && !this.outputHold.held) tcp.resume();
        });
        if (ws.bufferedAmount > HIGH_WATER) tcp.pause();
      } else {
        this.keepMissed(chunk);
      }
      // Charged whether a page reads it or not: the run pays for what it sends.
      this.outputHold.hold(spend(this.budgets, "output", chunk.length));
    });
    tcp.on("drain", () => this.input?.drained());
    tcp.on("end", () => this.closedByPeer(telnet.closedByPeer));
    tcp.on("close", (error) => {
      if (error) this.closedByPeer(error === "ECONNRESET" || error === "EPIPE" ? telnet.resetByPeer : `Connection error: ${error}`);
      else this.end();
    });
  }

  /** The connection is still there to attach a page to. */
  get open(): boolean {
    return !this.ended && this.tcp.open;
  }

  /** Called once when the connection ends (kept-terminals.ts forgets it). */
  onGone(listener: () => void): void {
    this.goneListeners.push(listener);
  }

  /** A page's WebSocket becomes this terminal's; `resumed`: it comes back to a kept connection. */
  attach(ws: WebSocket, connectedMessage: string, resumed = false): void {
    this.ws = ws;
    ws.on("error", () => {});
    ws.pause();
    const message = resumed && this.droppedBytes > 0 ? `${connectedMessage} (${this.droppedBytes} earlier bytes of output were dropped while no page was open)` : connectedMessage;
    status(ws, { type: "status", status: "connected", message, clientPort: this.tcp.localPort, ...(resumed ? { resumed: true } : {}) });
    for (const chunk of this.missed) ws.send(chunk, { binary: true });
    this.missed = [];
    this.missedBytes = this.droppedBytes = 0;
    if (this.tcp.paused && !this.outputHold.held && !this.browserBehind()) this.tcp.resume();

    const pace = (bytes: Buffer) => Math.max(this.options.pace?.(bytes) ?? 0, spend(this.budgets, "input", bytes.length));
    const input = new PacedInput(ws, pace, (bytes) => {
      this.run.lastActivity = Date.now();
      // The timeline links what was typed to the program's recv of it (the tracer sees tcp.localPort as its peer).
      this.run.trace?.record({ kind: "typed", port: this.tcp.localPort ?? 0, bytes: bytes.length, preview: bytes.subarray(0, 60).toString("utf8") });
      return this.tcp.write(bytes);
    }, () => this.tcp.end());
    this.input = input;
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        if (data.length > MAX_TERMINAL_FRAME_BYTES) return ws.close(CloseCode.tooBig, "frame too big");
        return input.push(data);
      }
      const parsed = parseMessage(TerminalClientMessage, data.toString());
      if (!parsed.ok) {
        status(ws, { type: "status", status: "error", message: parsed.error });
        return ws.close(CloseCode.badMessage, "malformed message");
      }
      if (parsed.value.type === "eof") input.push("eof");
    });
    ws.resume();
    ws.on("close", (code: number) => {
      input.close();
      if (this.ws !== ws) return;
      this.ws = null;
      this.input = null;
      if (this.ended) return;
      // Closed on purpose (Close, quit, Reconnect: a close frame, 1000 or no code, 1005) ends the
      // connection; a page that went away (1001) or a lost network (1006) may have it kept.
      if (code !== CloseCode.normal && code !== NO_CODE && this.options.keep?.(this)) {
        // Nobody reads now: read on into `missed` (bounded) instead of stalling the program.
        if (this.tcp.paused && !this.outputHold.held) this.tcp.resume();
        return;
      }
      this.end();
    });
  }

  /** Like telnet's quit: a FIN, so the program's recv() returns b"" and it sees the client leave. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.outputHold.cancel();
    this.input?.close();
    this.uncount();
    this.tcp.end();
    setTimeout(() => this.tcp.destroy(), 2000).unref();
    this.ws?.close(CloseCode.normal, "connection closed");
    for (const listener of this.goneListeners.splice(0)) listener();
  }

  private closedByPeer(message: string): void {
    if (this.ended) return;
    if (this.ws) status(this.ws, { type: "status", status: "closed", message });
    this.end();
  }

  private browserBehind(): boolean {
    return (this.ws?.bufferedAmount ?? 0) >= HIGH_WATER / 2;
  }

  private keepMissed(chunk: Buffer): void {
    this.missed.push(chunk);
    this.missedBytes += chunk.length;
    while (this.missedBytes > MISSED_BYTES) {
      const over = this.missedBytes - MISSED_BYTES;
      const first = this.missed[0]!;
      if (first.length <= over) this.missed.shift();
      else this.missed[0] = first.subarray(over);
      const dropped = Math.min(first.length, over);
      this.missedBytes -= dropped;
      this.droppedBytes += dropped;
    }
  }
}
