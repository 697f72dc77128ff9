// Checks and stress tests as the lab runs them for its sessions: one check at a time per session,
// and as admission allows (server/admission/: a few at once for the whole lab, each holding one of
// the lab's run places, the rest waiting in line in turn per student, told their place), and
// progress, report and live stress numbers sent to every page of the session.
import type { ProgramSpec } from "../../shared/protocol";
import type { Run } from "../runs/run";
import type { Admission } from "../admission/admission";
import { LabError } from "../lab-error";
import type { Sandbox } from "../sandbox/types";
import type { Session } from "../sessions/session";
import { programFileName } from "../../shared/stages";
import { stageSource } from "../stages/catalogue";
import type { CheckReport, CheckUnderWay, Exercise, StressStats } from "../../shared/check-report";
import { stressForRace } from "../trace/race-stress";
import type { StressSummary } from "./checks-stress";
import { runChecks, runStress } from "./index";

/** The numbers of a stress test that could not start or was cut short before any came in. */
const NO_STATS = { connected: 0, linesSent: 0, linesLost: 0, deliveriesExpected: 0, exceptionsSeen: 0 };

export class SessionChecks {
  private readonly checking = new Map<Session, { controller: AbortController; underWay: CheckUnderWay }>();
  private readonly stressing = new Map<string, AbortController>();
  /** Each session's latest report, for a page that was not connected when it came (a reload, a dropped Wi-Fi). */
  private readonly lastReports = new WeakMap<Session, CheckReport>();

  constructor(
    private readonly sandbox: Sandbox,
    private readonly admission: Admission,
    /** Told of every finished report (the class keeps each student's progress). */
    private readonly onReport: (session: Session, report: CheckReport) => void = () => {},
  ) {}

  async start(session: Session, exercise: Exercise, program: ProgramSpec): Promise<void> {
    const fail = (message: string) => session.broadcast({ type: "check.failed", exercise, message });
    if (this.checking.has(session)) return fail("Your checks are already running: wait for them to finish, or cancel them.");
    const controller = new AbortController();
    // Kept up to date for a page that opens (or reloads) while the checks wait or run.
    const underWay: CheckUnderWay = { exercise };
    this.checking.set(session, { controller, underWay });
    let leave = () => {};
    try {
      leave = await this.admission.enterCheck(session, (place) => {
        underWay.place = place;
        session.broadcast({ type: "check.waiting", exercise, place });
      }, controller.signal);
      delete underWay.place;
      const source = program.kind === "stage" ? stageSource(program.stage) : program.source;
      const fileName = program.kind === "stage" ? programFileName(program.stage) : program.name;
      const report = await runChecks(exercise, source, {
        sandbox: this.sandbox,
        fileName,
        signal: controller.signal,
        onProgress: (progress) => {
          underWay.progress = progress;
          session.broadcast({ type: "check.progress", progress });
        },
      });
      this.lastReports.set(session, report);
      session.broadcast({ type: "check.report", report });
      this.onReport(session, report);
    } catch (error) {
      const cancelled = (error as Error).name === "AbortError";
      fail(cancelled ? "The checks were cancelled." : error instanceof LabError ? error.message : `The checks could not run: ${(error as Error).message}`);
    } finally {
      leave();
      this.checking.delete(session);
    }
  }

  cancel(session: Session): void {
    this.checking.get(session)?.controller.abort();
  }

  /** The session's checks, while they wait or run. */
  underWay(session: Session): CheckUnderWay | null {
    return this.checking.get(session)?.underWay ?? null;
  }

  lastReport(session: Session): CheckReport | null {
    return this.lastReports.get(session) ?? null;
  }

  async stress(session: Session, run: Run, race = false): Promise<void> {
    if (this.stressing.has(run.id)) return;
    if (race && !run.trace) {
      session.broadcast({ type: "stress.stats", runId: run.id, stats: NO_STATS, done: true, summary: "Show me the race needs the trace of your program, and this lab runs programs untraced (LAB_TRACE=0): use Stress test." });
      return;
    }
    const port = run.state.state === "running" ? run.state.ports[0] : undefined;
    if (!port) {
      session.broadcast({ type: "stress.stats", runId: run.id, stats: NO_STATS, done: true, summary: "The program is not listening on any port: run it first, then stress it." });
      return;
    }
    const controller = new AbortController();
    this.stressing.set(run.id, controller);
    // The stress clients are terminals too: they keep the run from counting as idle.
    run.terminals++;
    const stderrListeners = new Map<(data: Buffer) => void, (stream: string, data: string) => void>();
    const target = {
      connect: (p: number) => run.connect(p),
      on: (_event: "stderr", listener: (data: Buffer) => void) => {
        const relay = (stream: string, data: string) => stream === "stderr" && listener(Buffer.from(data));
        stderrListeners.set(listener, relay);
        run.on("output", relay);
      },
      off: (_event: "stderr", listener: (data: Buffer) => void) => {
        const relay = stderrListeners.get(listener);
        if (relay) run.off("output", relay);
      },
    };
    try {
      const options = { signal: controller.signal, onLive: (stats: StressStats) => session.broadcast({ type: "stress.stats", runId: run.id, stats, done: false }) };
      let summary: StressSummary;
      if (race && run.trace) {
        const found = await stressForRace(target, run.trace, port, options);
        summary = found.summary;
        session.broadcast({ type: "stress.race", runId: run.id, findings: found.findings, complete: found.complete });
      } else summary = await runStress(target, port, options);
      const lost = summary.stats.linesLost;
      const words = lost === 0 ? "every line reached every client that stayed connected" : `${lost} of ${summary.stats.deliveriesExpected} deliveries never arrived at clients that stayed connected`;
      const text = summary.stoppedBecause
        ? `The stress test stopped: ${summary.stoppedBecause}.`
        : `${summary.rounds} rounds: ${words}; ${summary.stats.exceptionsSeen} exceptions in the program's threads.`;
      session.broadcast({ type: "stress.stats", runId: run.id, stats: summary.stats, done: true, summary: text });
    } catch (error) {
      session.broadcast({ type: "stress.stats", runId: run.id, stats: NO_STATS, done: true, summary: `The stress test stopped: ${(error as Error).message}` });
    } finally {
      run.terminals--;
      this.stressing.delete(run.id);
    }
  }

  stopStress(runId: string): void {
    this.stressing.get(runId)?.abort();
  }

  cancelAll(): void {
    for (const { controller } of this.checking.values()) controller.abort();
    for (const controller of this.stressing.values()) controller.abort();
  }
}
