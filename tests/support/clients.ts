// A lean page for many sessions at once: a page's control socket (/ws/lab). Unlike
// tests/support/lab-client.ts it keeps no history (a load test makes hundreds of thousands of
// messages); its terminals are tests/support/line-client.ts's, opened with keep: 0.
import { WebSocket } from "ws";
import { Terminal } from "./terminal";
import { parseServerFrame, type ProgramSpec, type RunState, type ServerMessage } from "../../shared/protocol";

export async function newCookie(base: string): Promise<string> {
  const res = await fetch(`${base}/healthz`);
  await res.arrayBuffer();
  return (res.headers.get("set-cookie") ?? "").split(";")[0];
}

export async function health(base: string): Promise<{ runs: number; sessions: number }> {
  const res = await fetch(`${base}/healthz`);
  return (await res.json()) as { runs: number; sessions: number };
}

export type StartResult = { ok: true; runId: string; ms: number } | { ok: false; code: string; message: string; ms: number };

type Waiter = (m: ServerMessage) => boolean;

/** One browser session with one open page (its control socket). */
export class PageClient {
  private waiters = new Set<Waiter>();
  readonly states = new Map<string, RunState>();
  errors: Array<{ code: string; message: string }> = [];

  private constructor(
    readonly base: string,
    readonly cookie: string,
    readonly ws: WebSocket,
  ) {
    ws.on("message", (data: Buffer, isBinary) => {
      const parsed = parseServerFrame(isBinary ? new Uint8Array(data) : data.toString());
      if (!parsed.ok) return;
      const m = parsed.value;
      if (m.type === "run.state") this.states.set(m.runId, m.state);
      if (m.type === "run.created") this.states.set(m.run.runId, m.run.state);
      if (m.type === "error") this.errors.push({ code: m.code, message: m.message });
      for (const w of [...this.waiters]) if (w(m)) this.waiters.delete(w);
    });
    ws.on("error", () => {});
  }

  static async open(base: string, cookie?: string): Promise<PageClient> {
    cookie ??= await newCookie(base);
    const ws = new WebSocket(`${base.replace("http", "ws")}/ws/lab`, { headers: { cookie, origin: base } });
    const client = new PageClient(base, cookie, ws);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    return client;
  }

  /** Resolve with the first message (from now on) the test accepts; reject after timeoutMs. */
  next<T>(test: (m: ServerMessage) => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const waiter: Waiter = (m) => {
        const found = test(m);
        if (found === undefined) return false;
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      this.waiters.add(waiter);
    });
  }

  /**
   * Press Run and wait until the program listens on `port` (what the student waits for), or the
   * lab answers with an error (lab-full, too-many-runs...). ms counts from sending run.start.
   */
  async start(slot: string, program: ProgramSpec, port = 8888, timeoutMs = 30_000): Promise<StartResult> {
    let runId: string | null = null;
    const t0 = performance.now();
    const outcome = this.next<StartResult>(
      (m) => {
        if (m.type === "run.created" && m.run.slot === slot) runId = m.run.runId;
        if (m.type === "error") return { ok: false, code: m.code, message: m.message, ms: performance.now() - t0 };
        if (m.type === "run.state" && m.runId === runId) {
          if (m.state.state === "running" && m.state.ports.includes(port)) return { ok: true, runId: runId!, ms: performance.now() - t0 };
          if (m.state.state === "exited" || m.state.state === "stopped") return { ok: false, code: "exited", message: JSON.stringify(m.state), ms: performance.now() - t0 };
        }
        return undefined;
      },
      timeoutMs,
      `run ${slot} to listen on ${port}`,
    );
    this.ws.send(JSON.stringify({ type: "run.start", slot, program }));
    return outcome;
  }

  /** Press Stop and wait until the lab says the run has stopped (its processes are gone then). */
  async stop(runId: string, timeoutMs = 30_000): Promise<void> {
    const state = this.states.get(runId);
    if (state && (state.state === "stopped" || state.state === "exited")) return;
    const done = this.next((m) => (m.type === "run.state" && m.runId === runId && (m.state.state === "stopped" || m.state.state === "exited") ? true : undefined), timeoutMs, `run ${runId} to stop`);
    this.ws.send(JSON.stringify({ type: "run.stop", runId }));
    await done;
  }

  /** Join the class with a name (class chat is for the class's members). */
  async joinClass(name: string, timeoutMs = 30_000): Promise<void> {
    const answer = this.next((m) => (m.type === "class.student" && m.student?.name === name ? "joined" : m.type === "class.refused" ? m.message : undefined), timeoutMs, `joining the class as ${name}`);
    this.ws.send(JSON.stringify({ type: "class.join", name }));
    const said = await answer;
    if (said !== "joined") throw new Error(`could not join the class as ${name}: ${said}`);
  }

  /** "Share with the class" for a run, and the share's id once the lab lists it. */
  async share(runId: string, timeoutMs = 10_000): Promise<string> {
    const listed = this.next((m) => (m.type === "shares" ? m.shares.find((s) => s.runId === runId)?.shareId : undefined), timeoutMs, `run ${runId} to be shared`);
    this.ws.send(JSON.stringify({ type: "share.start", runId }));
    return listed;
  }

  /** A terminal to the run's port, once the lab says "connected"; it keeps nothing (read onData). */
  terminal(runId: string, port = 8888, connectedWithin = 20_000): Promise<Terminal> {
    return Terminal.toRun(this, runId, port, { keep: 0, connectedWithin });
  }

  /** Join a classmate's shared server (the session stays a member after its page closed). */
  join(shareId: string, connectedWithin = 20_000): Promise<Terminal> {
    return Terminal.toShare(this, shareId, { keep: 0, connectedWithin });
  }

  close(): void {
    this.ws.close();
  }
}
