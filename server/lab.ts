// The lab: sessions, their runs, the sandbox, and the rules between them (admission, idle runs,
// session expiry). The WebSocket handlers call into this; it knows nothing of HTTP.
import { Admission, type AdmissionStatus } from "./admission/admission";
import { SessionChecks } from "./checks/session-checks";
import type { AnswerRelease } from "./class/answer-release";
import { tracebackHeadline } from "./class/class-board";
import type { Classroom } from "./class/classroom";
import type { LabConfig } from "./config";
import type { LabMode, ProgramSpec } from "../shared/protocol";
import { Run } from "./runs/run";
import { inParts, PageFeed } from "./trace/page-feed";
import type { Sandbox } from "./sandbox/types";
import { Session } from "./sessions/session";
import { ShareBoard } from "./sharing/shares";
import { KeptTerminals } from "./terminals/kept-terminals";
import { ProgramCatalogue } from "./stages/catalogue";
import { LabError } from "./lab-error";

export { LabError } from "./lab-error";

export class Lab {
  readonly sessions = new Map<string, Session>();
  readonly checks: SessionChecks;
  private readonly sweeper: NodeJS.Timeout;
  private closing = false;
  /** Each session's starts, one after another (see startRun). */
  private readonly starts = new WeakMap<Session, { pending: number; tail: Promise<unknown> }>();
  /** Who runs and checks, who waits and in what order (server/admission/). */
  readonly admission: Admission;
  /** The servers students share with their class (class chat). */
  readonly shares: ShareBoard;
  /** Terminals kept across a page's reload (kept-terminals.ts). */
  readonly keptTerminals: KeptTerminals;
  /** The stages' programs, and whether each may be run now. */
  readonly catalogue: ProgramCatalogue;

  constructor(
    readonly config: LabConfig,
    readonly sandbox: Sandbox,
    /** Students, their names and their work (the class store). */
    readonly classroom: Classroom,
    /** Which exercises' answers students may see (the instructor changes them live). */
    readonly answers: AnswerRelease,
  ) {
    this.catalogue = new ProgramCatalogue((exercise) => answers.state(exercise));
    // Every open page follows a change at once (its answer panel and findings appear or go).
    answers.watch((states) => {
      for (const session of this.sessions.values()) session.broadcast({ type: "class.answers", states });
    });
    this.admission = new Admission(config, this.sessions);
    this.checks = new SessionChecks(sandbox, this.admission, (session, report) => void classroom.reported(session.student, report));
    this.shares = new ShareBoard(config.sharing, this.sessions);
    this.keptTerminals = new KeptTerminals(config.keptTerminals);
    this.sweeper = setInterval(() => this.sweep(), Math.min(60_000, Math.max(1000, config.idleRunMs / 4))).unref();
  }

  get mode(): LabMode {
    return { isolation: this.sandbox.isolation, warning: this.sandbox.warning };
  }

  session(id: string): Session {
    let session = this.sessions.get(id);
    if (!session) {
      session = new Session(id);
      this.sessions.set(id, session);
    }
    session.lastSeen = Date.now();
    return session;
  }

  /** The lab at a glance, for /healthz and the instructor's console. */
  status(): { pages: number; sessions: number } & AdmissionStatus {
    let pages = 0;
    for (const session of this.sessions.values()) pages += session.sockets.size;
    return { pages, sessions: this.sessions.size, ...this.admission.status() };
  }

  /**
   * Start a program in a slot of the session, replacing the run there. A session's starts go one at
   * a time: a start waits for the run it replaces to stop, and two starts interleaved there would
   * each find the slot free, leaving a program running that no slot holds and no limit counts.
   */
  startRun(session: Session, slot: string, program: ProgramSpec): Promise<Run> {
    const queue = this.starts.get(session) ?? { pending: 0, tail: Promise.resolve() };
    this.starts.set(session, queue);
    if (queue.pending >= this.config.runsPerSession) {
      return Promise.reject(new LabError("too-many-runs", "Run was pressed many times at once: wait until your program has started, then try again."));
    }
    queue.pending++;
    const started = queue.tail.then(() => this.startRunNow(session, slot, program));
    queue.tail = started.then(
      () => queue.pending--,
      () => queue.pending--,
    );
    return started;
  }

  /** Refuse what the lab will not run for anyone: a hidden reference, or anything while closing. */
  allowProgram(program: ProgramSpec, session?: Session): void {
    if (this.closing) throw new LabError("shutting-down", "The lab is shutting down: ask your instructor when it will be back.");
    // The instructor runs any of the lab's programs (to share one with the class), hidden or not.
    if (program.kind === "stage" && !this.catalogue.shown(program.stage) && !session?.instructor) {
      throw new LabError("reference-hidden", "Your instructor has hidden the reference programs for this class: run your own version instead.");
    }
  }

  private async startRunNow(session: Session, slot: string, program: ProgramSpec): Promise<Run> {
    this.allowProgram(program, session);
    const previous = session.runs.get(slot);
    this.admission.admitRun(session, previous && !previous.finished ? 1 : 0);
    if (previous) {
      session.runs.delete(slot);
      session.broadcast({ type: "run.removed", runId: previous.id });
      await previous.stop("replaced by a new run");
      // While it stopped, its place was free: another page of the same student (or anyone, for
      // the lab's limit) may have taken it. Asked again, so no share is ever passed.
      this.admission.admitRun(session, 0);
    }
    const run = new Run(slot, program, this.config.outputKeptBytes, this.sandbox.warning, this.config.trace);
    session.runs.set(slot, run);
    const feed = new PageFeed();
    run.trace?.on("events", (batch, status) => {
      const { events, status: sent } = feed.take(batch, status);
      for (const part of inParts(events)) session.broadcast({ type: "run.trace", runId: run.id, events: part, status: sent });
    });
    run.on("state", (state) => {
      session.broadcast({ type: "run.state", runId: run.id, state });
      if (run.finished) this.admission.runEnded();
    });
    this.watchForBoard(session, run, program);
    run.on("output", (stream, data) => session.broadcast({ type: "run.output", runId: run.id, stream, data }));
    run.on("stdin", (open) => session.broadcast({ type: "run.stdin", runId: run.id, open }));
    session.broadcast({ type: "run.created", run: run.snapshot() });
    await run.start(this.sandbox, this.admission.startLine(session));
    return run;
  }

  /** The class board sees the student's run start and stop, and the headline of a traceback. */
  private watchForBoard(session: Session, run: Run, program: ProgramSpec): void {
    const student = session.student;
    if (!student) return;
    const { board } = this.classroom;
    let tail = "";
    run.on("state", (state) => board.ran(student, program.stage, state.state === "running" || state.state === "starting"));
    run.on("output", (stream, data) => {
      if (stream !== "stderr") return;
      tail = (tail + data).slice(-4096);
      const headline = tracebackHeadline(tail);
      if (headline && /\n\s*$/.test(tail)) {
        board.traceback(student, headline);
        tail = "";
      }
    });
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, session] of this.sessions) {
      if (session.sockets.size === 0 && now - session.lastSeen > this.config.sessionExpiryMs) {
        for (const run of session.runs.values()) void run.stop("the session expired");
        this.sessions.delete(id);
        continue;
      }
      for (const run of session.runs.values()) {
        if (!run.finished && run.terminals === 0 && now - run.lastActivity > this.config.idleRunMs) {
          void run.stop(`stopped after ${Math.round(this.config.idleRunMs / 60_000)} minutes without terminals or input`);
        }
      }
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.sweeper);
    this.checks.cancelAll();
    const runs = [...this.sessions.values()].flatMap((s) => [...s.runs.values()]);
    await Promise.all(runs.map((run) => run.stop("the lab server is shutting down")));
    for (const session of this.sessions.values()) for (const socket of session.sockets) socket.close(1001, "the lab server is shutting down");
    await this.sandbox.close();
    await this.classroom.store.close();
  }
}
