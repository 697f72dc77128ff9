// The class's messages on a page's control socket: who the student is (sent when a page connects),
// joining, continuing with a personal code, and saving work. Every answer about work goes only to
// the student's own pages; a page of no student gets nothing but the join form's answers.
import type { WebSocket } from "ws";
import type { Lab } from "../lab";
import type { ClientMessage, ServerMessage } from "../../shared/protocol";
import type { Session } from "../sessions/session";
import type { Student } from "../store/class-store";
import { studentView } from "./classroom";

type ClassMessage = Extract<ClientMessage, { type: `class.${string}` | `work.${string}` | `history.${string}` | `help.${string}` }>;

export function isClassMessage(message: ClientMessage): message is ClassMessage {
  return /^(class|work|history|help)\./.test(message.type);
}

function reply(socket: WebSocket, message: ServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

const PAUSED = "Saving paused: the lab cannot reach its database just now. Your work is kept in this browser and is saved by itself when the lab can again.";

/** Every open page of a student, on any computer. */
function pagesOf(lab: Lab, student: Student): Session[] {
  return [...lab.sessions.values()].filter((s) => s.student?.id === student.id);
}

/**
 * The help queue moved: every student waiting (their place may have changed) and `also` (asked,
 * withdrew, or was marked helping / done) hear where they are now.
 */
export function tellHelpQueue(lab: Lab, also?: string): void {
  const { board } = lab.classroom;
  const told = new Set([...board.helpQueue().map((r) => r.studentId), ...(also ? [also] : [])]);
  for (const session of lab.sessions.values()) {
    if (session.student && told.has(session.student.id)) session.broadcast({ type: "help.status", help: board.helpStatus(session.student.id) });
  }
}

/** A page closed: the board shows the student offline once none of their pages is open. */
export function pageClosed(lab: Lab, session: Session): void {
  const student = session.student;
  if (student && pagesOf(lab, student).every((s) => s.sockets.size === 0)) lab.classroom.board.online(student, false);
}

/** Tells a page who its student is, with all their work (or that it must join first). */
export async function greet(lab: Lab, session: Session, socket: WebSocket): Promise<void> {
  const classCode = lab.classroom.classCode !== undefined;
  try {
    const student = await lab.classroom.studentOf(session.id);
    session.student = student;
    if (student) lab.classroom.board.online(student, true);
    reply(socket, { type: "class.student", student: student && studentView(student), classCode, work: student ? await lab.classroom.work(student) : [] });
    if (student) reply(socket, { type: "help.status", help: lab.classroom.board.helpStatus(student.id) });
  } catch {
    reply(socket, { type: "work.paused", message: PAUSED });
  }
}

export async function handleClassMessage(lab: Lab, session: Session, socket: WebSocket, message: ClassMessage): Promise<void> {
  const { classroom } = lab;
  if (message.type === "class.join" || message.type === "class.continue") {
    // A new student is a new share of the lab: one address adds only so many a minute (admission/arrivals.ts).
    const arrivals = lab.admission.newStudents;
    if (message.type === "class.join" && !arrivals.admit(session.address)) {
      const message = `Too many students joined from your network address in the last minute (the lab takes ${arrivals.perMinute}): wait ${arrivals.waitSeconds(session.address)} seconds and press Join again, or ask your instructor (who can raise LAB_NEW_STUDENTS_PER_MINUTE).`;
      return reply(socket, { type: "class.refused", field: "name", message });
    }
    let result;
    try {
      result = message.type === "class.join" ? await classroom.join(session.id, message.name, message.classCode) : await classroom.continueWith(session.id, message.code);
    } catch {
      return reply(socket, { type: "class.refused", field: message.type === "class.join" ? "name" : "code", message: "The lab cannot reach its database just now: try again in a moment." });
    }
    if ("field" in result) return reply(socket, { type: "class.refused", ...result });
    session.student = result;
    classroom.board.online(result, true);
    const work = await classroom.work(result).catch(() => []);
    session.broadcast({ type: "class.student", student: studentView(result), classCode: classroom.classCode !== undefined, work });
    session.broadcast({ type: "help.status", help: classroom.board.helpStatus(result.id) });
    return;
  }
  const student = session.student;
  if (!student) return reply(socket, { type: "error", ...(message.id !== undefined && { id: message.id }), code: "not-joined", message: "Join the class with your name first (reload the page to see the form)." });
  try {
    if (message.type === "work.save") {
      const saved = await classroom.save(student, message.exercise, message.item, message.text, message.baseVersion);
      reply(socket, { type: "work.saved", exercise: message.exercise, item: message.item, ...saved });
      const piece = { exercise: message.exercise, item: message.item, text: message.text, version: saved.version, updatedAt: Date.now() };
      for (const other of pagesOf(lab, student)) {
        for (const page of other.sockets) if (page !== socket) reply(page, { type: "work.changed", piece });
      }
    } else if (message.type === "work.keep") {
      await classroom.keep(student, message.exercise, message.item, message.text, message.reason);
    } else if (message.type === "help.ask") {
      // Shown on the board: no control or invisible characters from a student's page.
      await classroom.askHelp(student, message.message.replace(/[\p{Cc}\p{Cf}\u2028\u2029\s]+/gu, " ").trim());
      tellHelpQueue(lab, student.id);
    } else if (message.type === "help.cancel") {
      await classroom.helping(student.id, false);
      tellHelpQueue(lab, student.id);
    } else if (message.type === "history.list") {
      reply(socket, { type: "history.list", exercise: message.exercise, entries: await classroom.history(student, message.exercise) });
    }
  } catch {
    reply(socket, { type: "work.paused", message: PAUSED });
  }
}
