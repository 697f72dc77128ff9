// A terminal of the lab (/ws/terminal) as the tests and benchmarks open one: the line client of
// line-client.ts over the terminal's WebSocket, plus the lab's status lines ("Trying…",
// "Connection refused") that arrive in its text frames.
import { WebSocket } from "ws";
import { TerminalServerMessage } from "../../shared/protocol";
import { LineClient, type LineClientOptions } from "./line-client";

/** Status lines a terminal keeps (a terminal gets a handful; the bound is for a misbehaving lab). */
const STATUSES_KEPT = 32;

/** Whose terminal to open: the page's own session (its cookie) at the lab's base URL. */
export interface Session {
  base: string;
  cookie: string;
}

export interface TerminalOptions extends LineClientOptions {
  /** Also wait this long for the lab's "connected" status, rejecting with its words on a refusal. */
  connectedWithin?: number;
}

/** A terminal of the lab (/ws/terminal): the stream in binary frames, the lab's status lines in text frames. */
export class Terminal extends LineClient {
  /** The newest status lines: connecting ("Trying…"), connected, refused, closed, error. */
  readonly statuses: TerminalServerMessage[] = [];

  constructor(
    readonly ws: WebSocket,
    options: LineClientOptions = {},
  ) {
    super(LineClient.wsLink(ws), { name: "terminal", ...options });
    LineClient.listen(ws, this, (text) => {
      this.statuses.push(TerminalServerMessage.parse(JSON.parse(text)));
      if (this.statuses.length > STATUSES_KEPT) this.statuses.shift();
      this.wake();
    });
  }

  /** Open /ws/terminal?QUERY as the session's page does; resolves once the WebSocket is open. */
  static async open(session: Session, query: string, options: TerminalOptions = {}): Promise<Terminal> {
    const ws = new WebSocket(`${session.base.replace("http", "ws")}/ws/terminal?${query}`, { headers: { cookie: session.cookie, origin: session.base } });
    const terminal = new Terminal(ws, options);
    await LineClient.opened(ws);
    if (options.connectedWithin !== undefined) await terminal.waitStatus("connected", options.connectedWithin);
    return terminal;
  }

  /** A terminal to a port of one of the session's runs. */
  static toRun(session: Session, runId: string, port = 8888, options: TerminalOptions = {}): Promise<Terminal> {
    return Terminal.open(session, `run=${encodeURIComponent(runId)}&port=${port}`, options);
  }

  /** A terminal to a classmate's shared server (as "Join" on a page). */
  static toShare(session: Session, shareId: string, options: TerminalOptions = {}): Promise<Terminal> {
    return Terminal.open(session, `share=${encodeURIComponent(shareId)}`, options);
  }

  /** Wait for a status line; waiting for "connected", a refusal or error fails at once with the lab's words. */
  async waitStatus(status: TerminalServerMessage["status"], timeoutMs = 5000): Promise<void> {
    await this.until(
      () => {
        if (this.statuses.some((s) => s.status === status)) return true;
        const bad = status === "connected" && this.statuses.find((s) => s.status === "refused" || s.status === "closed" || s.status === "error");
        if (bad) throw new Error(`${this.name}: ${bad.status}: ${bad.message}`);
        if (this.closed) throw new Error(`${this.name}: closed before status ${status}; ${this.describe()}`);
        return false;
      },
      `status ${status}`,
      timeoutMs,
    );
  }

  protected override describe(): string {
    return `${super.describe()}; statuses ${JSON.stringify(this.statuses)}`;
  }
}
