// The browser end of one terminal's WebSocket (/ws/terminal?run=ID&port=N): binary frames carry
// the TCP bytes both ways, text frames carry status messages (schema in shared/protocol.ts).
// Kept apart from the React pane so the pane only wires things together.
import {
  CloseCode,
  MAX_TERMINAL_FRAME_BYTES,
  TerminalServerMessage,
  parseMessage,
  type TerminalClientMessage,
  type TerminalStatus,
} from "@/shared/protocol";
import { telnet } from "@/shared/telnet";

export interface TerminalSocketEvents {
  /** Where the connection is; `message` is what telnet would print ("Connection refused");
   * `resumed`: connected again to the connection the terminal had before the page reloaded. */
  onStatus(status: TerminalStatus, message: string, clientPort?: number, resumed?: boolean): void;
  /** Bytes from the student's server. */
  onData(bytes: Uint8Array): void;
}

/** Stop handing frames to the socket above this many unsent bytes (a big paste waits). */
const HIGH_WATER_BYTES = 256 * 1024;
/** Browsers give no "drained" event for WebSockets, so a waiting paste checks again this often. */
const DRAIN_POLL_MS = 25;

// What a closed socket means when the server did not say it first with a status message.
const CLOSE_MESSAGES: Record<number, string> = {
  [CloseCode.normal]: telnet.closedByPeer,
  [CloseCode.badMessage]: "The lab refused a message from this terminal.",
  [CloseCode.forbidden]: "This page may not connect to that run.",
  [CloseCode.notFound]: "That run is gone (stopped or replaced).",
  [CloseCode.full]: "Too many terminals are open; close one and reconnect.",
  [CloseCode.tooBig]: "A message was too big for the lab.",
};

const NOT_OPENED = "Could not open a terminal to this run (it may have stopped, or too many terminals are open).";

/**
/**
 * What a terminal connects to: a port of one of the session's own runs, a classmate's shared
 * server, or (the instructor's) a student's running program. `terminalId` names the terminal
 * across a reload: the lab keeps its connection a while for the reloaded page
 * (server/terminals/kept-terminals.ts).
 */
export type TerminalTarget = { runId: string; port: number; terminalId?: string } | { shareId: string; port: number } | { visit: string; runId: string; port: number };

/** ws: or wss: like the page, on the page's own host. */
export function terminalSocketUrl(page: { protocol: string; host: string }, target: TerminalTarget): string {
  const query = new URLSearchParams(
    "shareId" in target
      ? { share: target.shareId }
      : "visit" in target
        ? { visit: target.visit, run: target.runId }
        : { run: target.runId, port: String(target.port), ...(target.terminalId ? { terminal: target.terminalId } : {}) },
  );
  return `${page.protocol === "https:" ? "wss:" : "ws:"}//${page.host}/ws/terminal?${query}`;
}

/** Split bytes into frames the server accepts. */
function splitFrames(bytes: Uint8Array, max = MAX_TERMINAL_FRAME_BYTES): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += max) frames.push(bytes.subarray(at, at + max));
  return frames;
}

type Outgoing = Uint8Array | TerminalClientMessage;
const OPEN = 1; // WebSocket.OPEN, spelled out so tests can pass a stand-in socket

export class TerminalSocket {
  private socket: WebSocket | null = null;
  private queue: Outgoing[] = [];
  private status: TerminalStatus = "closed";
  private drainTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly events: TerminalSocketEvents,
    private readonly createSocket: (url: string) => WebSocket = (url) => new WebSocket(url),
  ) {}

  /** Open a connection (see terminalSocketUrl); an open one is closed first, as on Reconnect. */
  connect(url: string): void {
    this.close();
    const socket = this.createSocket(url);
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    let opened = false;
    this.setStatus("connecting", "Trying…");
    socket.onopen = () => {
      opened = true;
    };
    socket.onmessage = (event: MessageEvent) => {
      if (this.socket !== socket) return;
      if (typeof event.data === "string") return this.receiveStatus(event.data);
      this.events.onData(new Uint8Array(event.data as ArrayBuffer));
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.queue = [];
      // "refused", "closed" and "error" already told the student what happened.
      if (this.status !== "connecting" && this.status !== "connected") return;
      // A refused upgrade (no such run, too many terminals) reaches a browser as a bare 1006.
      if (!opened) return this.setStatus("error", NOT_OPENED);
      const fallback = `Lost the connection to the lab (code ${event.code}).`;
      this.setStatus(event.code === CloseCode.normal ? "closed" : "error", CLOSE_MESSAGES[event.code] ?? (event.reason || fallback));
    };
  }

  /** Bytes for the TCP connection, in order; big ones are split and wait while the socket is full. */
  send(bytes: Uint8Array): void {
    if (!this.socket || bytes.length === 0) return;
    this.queue.push(...splitFrames(bytes));
    this.pump();
  }

  /** Half-close: the server's program reads end of file, its replies still arrive. */
  sendEof(): void {
    if (!this.socket) return;
    this.queue.push({ type: "eof" });
    this.pump();
  }

  /** Close the WebSocket, which closes the TCP connection. No status event: the caller knows. */
  close(): void {
    const socket = this.socket;
    this.socket = null;
    this.queue = [];
    this.status = "closed";
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.drainTimer = null;
    if (socket && socket.readyState <= OPEN) socket.close(CloseCode.normal);
  }

  private receiveStatus(text: string): void {
    const parsed = parseMessage(TerminalServerMessage, text);
    if (!parsed.ok) return console.warn("terminal socket:", parsed.error);
    this.status = parsed.value.status;
    this.events.onStatus(parsed.value.status, parsed.value.message, parsed.value.clientPort, parsed.value.resumed);
    if (parsed.value.status !== "connected") this.queue = [];
    else this.pump();
  }

  private setStatus(status: TerminalStatus, message: string): void {
    this.status = status;
    this.events.onStatus(status, message);
  }

  // Sends wait until the server reports the TCP connection up, then go out while the socket's
  // own buffer is below the high-water mark; the rest waits for it to drain.
  private pump(): void {
    const socket = this.socket;
    if (!socket || this.drainTimer || this.status !== "connected" || socket.readyState !== OPEN) return;
    while (this.queue.length > 0 && socket.bufferedAmount < HIGH_WATER_BYTES) {
      const next = this.queue.shift()!;
      socket.send(next instanceof Uint8Array ? next : JSON.stringify(next));
    }
    if (this.queue.length > 0) {
      this.drainTimer = setTimeout(() => {
        this.drainTimer = null;
        this.pump();
      }, DRAIN_POLL_MS);
    }
  }
}
