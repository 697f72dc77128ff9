// "Open a terminal to their server": the instructor's terminal into a student's running program
// (/ws/terminal?visit=STUDENT&run=RUN), like a classmate joining it. Only a browser that gave the
// instructor key (session.instructor) may; the student's pages are told while it is open. Visits
// are counted apart from the student's own terminals (LAB_VISIT_TERMINALS_PER_RUN): the instructor
// looking in must not take one of the student's LAB_TERMINALS_PER_RUN, nor open without bound.
import type { WebSocket } from "ws";
import type { Lab } from "../lab";
import type { Run } from "../runs/run";
import type { Session } from "../sessions/session";
import { bridgeTerminal } from "../terminals/terminal-bridge";
import { runTerminalBudget } from "../terminals/terminal-budget";
import { runsOf } from "./student-desk";

/** The instructor's terminals open into each run (a run that ends is forgotten with it). */
const visits = new WeakMap<Run, number>();

/** How many of `run`'s terminals are the instructor's visits (not the student's own). */
export function visitsTo(run: Run): number {
  return visits.get(run) ?? 0;
}

/** Why the upgrade is refused (HTTP status and text), or the run to connect to and its port. */
export function visitTarget(lab: Lab, session: Session, studentId: string, runId: string): { run: Run; port: number } | { status: number; reason: string } {
  if (!session.instructor) return { status: 403, reason: "Forbidden: only the instructor opens a terminal to a student's server" };
  const run = runsOf(lab, studentId).find((r) => r.id === runId);
  if (!run || run.finished) return { status: 404, reason: "Not Found: that student's program is not running any more" };
  const ports = run.state.state === "running" ? run.state.ports : [];
  if (ports.length === 0) return { status: 409, reason: "Conflict: that student's program is not listening on a port yet" };
  const most = lab.config.visitTerminalsPerRun;
  if (visitsTo(run) >= most) return { status: 429, reason: `Too Many Requests: at most ${most} of your terminals into one student's program; close one first` };
  return { run, port: ports.includes(8888) ? 8888 : ports[0]! };
}

function tellStudent(lab: Lab, studentId: string, label: string): void {
  const terminals = lab.classroom.visitors.get(studentId) ?? 0;
  for (const session of lab.sessions.values()) {
    if (session.student?.id === studentId) session.broadcast({ type: "class.visitor", terminals, label });
  }
}

export function visitTerminal(lab: Lab, studentId: string, name: string, run: Run, port: number, ws: WebSocket): void {
  const { visitors } = lab.classroom;
  visitors.set(studentId, (visitors.get(studentId) ?? 0) + 1);
  visits.set(run, visitsTo(run) + 1);
  tellStudent(lab, studentId, run.label);
  ws.once("close", () => {
    visits.set(run, visitsTo(run) - 1);
    const left = (visitors.get(studentId) ?? 1) - 1;
    if (left > 0) visitors.set(studentId, left);
    else visitors.delete(studentId);
    tellStudent(lab, studentId, run.label);
  });
  // The run's own terminal budget: what its program streams to the instructor is its cost too.
  const budgets = [runTerminalBudget(run, lab.config.rates.terminalBytesPerSecond)];
  void bridgeTerminal(run, port, ws, { peer: `${name}'s server`, budgets });
}
