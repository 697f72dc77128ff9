// Drives a real lab server the way a page does: a session cookie, the control socket, terminals.
import { programFileName } from "../../shared/stages";
import { WebSocket } from "ws";
import { Terminal, type TerminalOptions } from "./terminal";
import { parseServerFrame, type ClientMessage, type RunState, type ServerMessage } from "../../shared/protocol";

export class LabClient {
  readonly messages: ServerMessage[] = [];
  /** The name this browser joined the class with (joinClass). */
  name = "";
  private waiters: Array<() => void> = [];
  socket!: WebSocket;

  constructor(
    readonly base: string,
    readonly cookie: string,
  ) {}

  /** A new browser session: fetch a page to get a cookie, then open the control socket. */
  static async connect(base: string, cookie?: string): Promise<LabClient> {
    if (!cookie) {
      const res = await fetch(`${base}/healthz`);
      cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
    }
    const client = new LabClient(base, cookie);
    await client.open();
    return client;
  }

  get origin(): string {
    return this.base;
  }

  open(): Promise<void> {
    this.socket = new WebSocket(`${this.base.replace("http", "ws")}/ws/lab`, { headers: { cookie: this.cookie, origin: this.origin } });
    this.socket.on("message", (data: Buffer, isBinary) => {
      const parsed = parseServerFrame(isBinary ? new Uint8Array(data) : data.toString());
      if (!parsed.ok) throw new Error(`the lab sent a frame outside the protocol: ${parsed.error}`);
      this.messages.push(parsed.value);
      for (const wake of this.waiters.splice(0)) wake();
    });
    return new Promise((resolve, reject) => {
      this.socket.once("open", () => resolve());
      this.socket.once("error", reject);
    });
  }

  send(message: ClientMessage): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Wait until some message satisfies the test; messages seen already count. */
  async waitFor<T>(test: (m: ServerMessage) => T | undefined | false, timeoutMs = 10_000, what = "a message"): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const m of this.messages) {
        const found = test(m);
        if (found) return found;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async startStage(stage: number, slot = `exercise-${stage}`): Promise<string> {
    const before = this.messages.length;
    this.send({ type: "run.start", slot, program: { kind: "stage", stage } });
    return this.waitFor((m) => this.messages.indexOf(m) >= before && m.type === "run.created" && m.run.slot === slot && m.run.runId, 10_000, "run.created");
  }

  async startSource(source: string, stage: number, slot = `exercise-${stage}`): Promise<string> {
    const before = this.messages.length;
    this.send({ type: "run.start", slot, program: { kind: "source", name: programFileName(stage), source, stage } });
    return this.waitFor((m) => this.messages.indexOf(m) >= before && m.type === "run.created" && m.run.slot === slot && m.run.runId, 10_000, "run.created");
  }

  waitForState(runId: string, test: (s: RunState) => boolean, what: string, timeoutMs = 10_000): Promise<RunState> {
    return this.waitFor((m) => m.type === "run.state" && m.runId === runId && test(m.state) && m.state, timeoutMs, what);
  }

  waitListening(runId: string, port = 8888): Promise<RunState> {
    return this.waitForState(runId, (s) => s.state === "running" && s.ports.includes(port), `listening on ${port}`);
  }

  output(runId: string): string {
    let text = "";
    for (const m of this.messages) {
      if (m.type === "run.output" && m.runId === runId) text += m.data;
      if (m.type === "session") for (const r of m.runs) if (r.runId === runId) text += r.output.map((c) => c.data).join("");
    }
    return text;
  }

  /** A terminal to the run's port (open once resolved); `terminalId` names it as a page does, to take it back after a reload. */
  terminal(runId: string, port = 8888, terminalId?: string): Promise<Terminal> {
    return Terminal.open(this, new URLSearchParams({ run: runId, port: String(port), ...(terminalId ? { terminal: terminalId } : {}) }).toString());
  }

  /** The instructor's terminal into a student's server (this session must have given the key). */
  visit(studentId: string, runId: string, options: TerminalOptions = {}): Promise<Terminal> {
    return Terminal.open(this, new URLSearchParams({ visit: studentId, run: runId }).toString(), options);
  }

  /** Join the class with a name, as the join form does (class chat is for the class's members). */
  async joinClass(name: string, classCode?: string): Promise<void> {
    this.name = name;
    const before = this.messages.length;
    this.send({ type: "class.join", name, classCode });
    const answer = await this.waitFor((m) => this.messages.indexOf(m) >= before && ((m.type === "class.student" && m.student?.name === name) || m.type === "class.refused") && m, 10_000, "class.student");
    if (answer.type === "class.refused") throw new Error(`could not join the class as ${name}: ${answer.message}`);
  }

  /** Join a classmate's shared server, as "Join" on a page does (/ws/terminal?share=ID). */
  join(shareId: string, options: TerminalOptions = {}): Promise<Terminal> {
    return Terminal.toShare(this, shareId, options);
  }

  /** The newest list of shared servers this session was sent. */
  shares(): Extract<ServerMessage, { type: "shares" }>["shares"] {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i]!;
      if (m.type === "shares") return m.shares;
    }
    return [];
  }

  close(): void {
    this.socket.close();
  }
}

/** The HTTP status of a WebSocket upgrade to the lab (101 when it opened). */
export function upgradeStatus(base: string, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${base.replace("http", "ws")}${path}`, { headers });
    ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.on("open", () => ws.close());
    ws.on("close", () => resolve(101));
    ws.on("error", () => resolve(0));
  });
}
