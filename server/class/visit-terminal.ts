// "Open a terminal to their server": the instructor's terminal into a student's running program
// (/ws/terminal?visit=STUDENT&run=RUN), like a classmate joining it. Only a browser that gave the
// instructor key (session.instructor) may; the student's pages are told while it is open.
import type { WebSocket } from "ws";
import type { Lab } from "../lab";
import type { Run } from "../runs/run";
import type { Session } from "../sessions/session";
import { bridgeTerminal } from "../terminals/terminal-bridge";
import { runsOf } from "./student-desk";

/** Why the upgrade is refused (HTTP status and text), or the run to connect to and its port. */
export function visitTarget(lab: Lab, session: Session, studentId: string, runId: string): { run: Run; port: number } | { status: number; reason: string } {
  if (!session.instructor) return { status: 403, reason: "Forbidden: only the instructor opens a terminal to a student's server" };
  const run = runsOf(lab, studentId).find((r) => r.id === runId);
  if (!run || run.finished) return { status: 404, reason: "Not Found: that student's program is not running any more" };
  const ports = run.state.state === "running" ? run.state.ports : [];
  if (ports.length === 0) return { status: 409, reason: "Conflict: that student's program is not listening on a port yet" };
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
  tellStudent(lab, studentId, run.label);
  ws.once("close", () => {
    const left = (visitors.get(studentId) ?? 1) - 1;
    if (left > 0) visitors.set(studentId, left);
    else visitors.delete(studentId);
    tellStudent(lab, studentId, run.label);
  });
  void bridgeTerminal(run, port, ws, { peer: `${name}'s server` });
}
