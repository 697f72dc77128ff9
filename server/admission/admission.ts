// Admission: the one place that decides which runs and checks the lab takes, who waits, and in
// what order. Everything here is shared per client (client.ts: the student, or a browser session
// of no student), so a student's pages and computers share one budget and minting sessions or
// students gains only what the per-address arrival limits allow:
// - the lab's run limit (LAB_MAX_RUNS) counts students' programs and running checks together
//   (each running check holds one sandboxed run at a time);
// - a client's own programs (LAB_RUNS_PER_SESSION, per client), checks waiting or running
//   (LAB_CHECKS_PER_STUDENT) and WebSockets (LAB_SOCKETS_PER_STUDENT); and the programs of all
//   sessions of no student from one address together (LAB_UNJOINED_RUNS_PER_ADDRESS);
// - the start line and the check line, served in turn per student (fair-line.ts); sessions of no
//   student take their turns per network address (client.ts).
import type { LabConfig } from "../config";
import { LabError } from "../lab-error";
import type { Session } from "../sessions/session";
import { ArrivalLimit } from "./arrivals";
import { clientOf, turnOf } from "./client";
import { ClientBudgets } from "./client-budgets";
import { FairLine } from "./fair-line";

export interface AdmissionStatus {
  /** What counts toward LAB_MAX_RUNS: students' programs and running checks. */
  runs: number;
  maxRuns: number;
  programs: number;
  startsWaiting: number;
  checks: { running: number; waiting: number };
  /** Clients (students, and sessions of no student) with a page, run or check. */
  clients: number;
}

export class Admission {
  /** Programs starting, a few at a time (a class pressing Run at once stalled the lab for seconds). */
  readonly starts: FairLine;
  /** Checks running, a few at a time, and only while the lab's run limit has room. */
  readonly checks: FairLine;
  /** New sessions and new students per address and minute. */
  readonly newSessions: ArrivalLimit;
  readonly newStudents: ArrivalLimit;
  /** What each client's pages may send, and its terminals carry, a second. */
  readonly budgets: ClientBudgets;
  /** Sessions with a check waiting or running. */
  private readonly checking = new Set<Session>();

  constructor(
    private readonly config: LabConfig,
    private readonly sessions: ReadonlyMap<string, Session>,
  ) {
    this.starts = new FairLine(config.startsAtOnce);
    this.checks = new FairLine(config.checksAtOnce, () => this.totalRuns() < config.maxRuns);
    this.newSessions = new ArrivalLimit(config.arrivals.sessionsPerMinute);
    this.newStudents = new ArrivalLimit(config.arrivals.studentsPerMinute);
    this.budgets = new ClientBudgets(config.rates);
  }

  private sessionsOf(client: string): Session[] {
    return [...this.sessions.values()].filter((s) => clientOf(s) === client);
  }

  programs(): number {
    let n = 0;
    for (const session of this.sessions.values()) n += session.liveRuns();
    return n;
  }

  totalRuns(): number {
    return this.programs() + this.checks.admitted;
  }

  /**
   * May `session` start one more program? `replacing`: 1 when it replaces a live run of its own.
   * Throws a LabError that says which limit and what to do.
   */
  admitRun(session: Session, replacing: number): void {
    const share = this.config.runsPerSession;
    const own = this.sessionsOf(clientOf(session)).reduce((n, s) => n + s.liveRuns(), 0);
    if (own - replacing >= share) {
      const where = session.student ? " (on all your pages and computers together)" : "";
      throw new LabError("too-many-runs", `You already have ${share} programs running${where}: stop one (each is listed at the top of every page, with Stop) and try again.`);
    }
    // Sessions cost nothing and a page cannot be used before joining: the sessions of no student
    // from one address (a script's) share one budget, so minting them cannot fill the lab.
    if (!session.student && !session.instructor) {
      const cap = this.config.shares.unjoinedRunsPerAddress;
      let unjoined = 0;
      for (const s of this.sessions.values()) if (!s.student && !s.instructor && s.address === session.address) unjoined += s.liveRuns();
      if (unjoined - replacing >= cap) {
        throw new LabError("too-many-runs", `Browsers that have not joined the class already have ${cap} programs running from your network address: join the class with your name to run yours.`);
      }
    }
    if (this.totalRuns() - replacing >= this.config.maxRuns) {
      throw new LabError("lab-full", "The lab is full: too many programs are running for this class right now. Try again in a moment.");
    }
  }

  /** The start line as a run waits in it, in its student's turn (a session of no student: its address's). */
  startLine(session: Session) {
    return (onPlace: (place: number) => void, signal: AbortSignal) => this.starts.enter(turnOf(session), onPlace, signal);
  }

  /** A program ended: its place in the run limit may be a waiting check's. */
  runEnded(): void {
    this.checks.letIn();
  }

  /**
   * Wait in the check line for a place (and room in the run limit); resolves with the leave.
   * Throws a LabError at once when the client already holds its share of checks.
   */
  async enterCheck(session: Session, onPlace: (place: number) => void, signal: AbortSignal): Promise<() => void> {
    const client = clientOf(session);
    const share = this.config.shares.checksPerStudent;
    if ([...this.checking].filter((s) => clientOf(s) === client).length >= share) {
      throw new LabError("too-many-checks", `You already have ${share} checks waiting or running on your other pages or computers: wait for them to finish, or cancel one.`);
    }
    this.checking.add(session);
    try {
      const leave = await this.checks.enter(turnOf(session), onPlace, signal);
      return () => {
        this.checking.delete(session);
        leave();
      };
    } catch (error) {
      this.checking.delete(session);
      throw error;
    }
  }

  /** Why `session` may not open one more WebSocket (page or terminal), or null when it may. */
  socketRefusal(session: Session): string | null {
    // The instructor (who gave the key) watches and visits the whole class: no student's share.
    if (session.instructor) return null;
    const share = this.config.shares.socketsPerStudent;
    const held = this.sessionsOf(clientOf(session)).reduce((n, s) => n + s.sockets.size + s.terminalSockets, 0);
    return held >= share ? `Too Many Requests: at most ${share} lab pages and terminals open at once for one student; close some tabs or terminals` : null;
  }

  status(): AdmissionStatus {
    const clients = new Set<string>();
    for (const s of this.sessions.values()) if (s.sockets.size > 0 || s.liveRuns() > 0) clients.add(clientOf(s));
    const programs = this.programs();
    return {
      runs: programs + this.checks.admitted,
      maxRuns: this.config.maxRuns,
      programs,
      startsWaiting: this.starts.queued,
      checks: { running: this.checks.admitted, waiting: this.checks.queued },
      clients: clients.size,
    };
  }
}
