// The instructor's socket (/ws/instructor): the first message carries the key (never the URL,
// which proxies and logs keep); a wrong one is answered after a delay and the socket closed.
// Then the live class board: the whole of it, then the rows that changed within BOARD_INTERVAL_MS of
// any change;
// announcements and notes, the help queue, one student's desk looked over at a time, and which
// exercises' answers students may see.
import type { WebSocket } from "ws";
import { InstructorClientMessage, type InstructorServerMessage } from "../../shared/board-messages";
import { CloseCode, parseMessage } from "../../shared/protocol";
import type { Lab } from "../lab";
import { tellHelpQueue } from "./class-socket";
import type { KeyCheck } from "./instructor-key";
import { studentDesk } from "./student-desk";

const HELLO_WITHIN_MS = 10_000;
/** A watched student's desk is looked at this often, and sent when it changed. */
const DESK_EVERY_MS = 500;

function sendText(socket: WebSocket, text: string): void {
  if (socket.readyState === socket.OPEN && socket.bufferedAmount < 4 * 1024 * 1024) socket.send(text);
}

function send(socket: WebSocket, message: InstructorServerMessage): void {
  sendText(socket, JSON.stringify(message));
}

/** A `board` (every row) or `board.rows` (those that changed) message, its rows already encoded. */
function boardText(type: "board" | "board.rows", rowsJson: string, paused: string | null): string {
  return `{"type":"${type}","rows":${rowsJson},"at":${Date.now()},"paused":${JSON.stringify(paused)}}`;
}

/** Announce to the class, or a note to one student's open pages. */
function tell(lab: Lab, m: Extract<InstructorClientMessage, { type: "instructor.announce" | "instructor.note" }>): void {
  const notice = { type: "class.notice" as const, to: m.type === "instructor.announce" ? ("class" as const) : ("you" as const), text: m.text, at: Date.now() };
  for (const session of lab.sessions.values()) {
    if (!session.student) continue;
    if (m.type === "instructor.announce" || session.student.id === m.studentId) session.broadcast(notice);
  }
}

/** The student this socket looks over the shoulder of, sent again whenever it changes. */
function deskWatch(lab: Lab, socket: WebSocket) {
  let studentId: string | null = null;
  let last = "";
  let looking = false;
  const look = async () => {
    if (!studentId || looking) return;
    looking = true;
    try {
      const view = await studentDesk(lab, studentId);
      const text = view ? JSON.stringify({ ...view, at: 0 }) : "";
      if (view && text !== last && view.studentId === studentId) {
        last = text;
        send(socket, { type: "student", view });
      }
    } catch {
      // The database is away: the board's banner says so; the next look tries again.
    } finally {
      looking = false;
    }
  };
  const timer = setInterval(() => void look(), DESK_EVERY_MS);
  return {
    watch(id: string | null) {
      studentId = id;
      last = "";
      void look();
    },
    stop: () => clearInterval(timer),
  };
}

async function handle(lab: Lab, socket: WebSocket, desk: ReturnType<typeof deskWatch>, text: string): Promise<void> {
  const parsed = parseMessage(InstructorClientMessage, text);
  if (!parsed.ok) return;
  const m = parsed.value;
  try {
    if (m.type === "instructor.announce" || m.type === "instructor.note") tell(lab, m);
    else if (m.type === "instructor.watch") desk.watch(m.studentId);
    // Pages follow at once; a database that fails only delays keeping the choice.
    else if (m.type === "instructor.answers") await lab.answers.set(m.exercise, m.state);
    else if (m.type === "instructor.help") {
      await lab.classroom.helping(m.studentId, m.state === "helping");
      tellHelpQueue(lab, m.studentId);
    } else if (m.type === "instructor.history") {
      const entries = await lab.classroom.store.history(m.studentId, m.exercise);
      send(socket, { type: "student.history", studentId: m.studentId, exercise: m.exercise, entries: entries.map(({ id, item, reason, createdAt, text }) => ({ id, item, reason, createdAt, text })) });
    }
  } catch {
    // The database is away: the board's banner says so (classroom.paused).
  }
}

export function attachInstructorSocket(lab: Lab, keys: KeyCheck, socket: WebSocket, address: string, onKeyAccepted: () => void = () => {}): void {
  const { classroom } = lab;
  const timeout = setTimeout(() => socket.close(CloseCode.forbidden, "no key"), HELLO_WITHIN_MS);
  let stop = () => {};
  socket.once("message", async (data) => {
    clearTimeout(timeout);
    const parsed = parseMessage(InstructorClientMessage, data.toString());
    if (!parsed.ok || parsed.value.type !== "instructor.hello" || !(await keys.check(parsed.value.key, address))) {
      send(socket, { type: "instructor.refused", message: "That is not the instructor key: open the link the lab printed at start-up (Instructor: http://…/instructor#key=…)." });
      return socket.close(CloseCode.forbidden, "wrong key");
    }
    const desk = deskWatch(lab, socket);
    socket.on("message", (more) => void handle(lab, socket, desk, more.toString()));
    onKeyAccepted();
    const board = () => sendText(socket, boardText("board", classroom.board.rowsJson(), classroom.paused));
    board();
    const unwatch = classroom.board.watch((changed) => sendText(socket, boardText("board.rows", changed, classroom.paused)));
    send(socket, { type: "answers", states: lab.answers.states });
    const unwatchAnswers = lab.answers.watch((states) => send(socket, { type: "answers", states }));
    // "stuck" depends on time passing, and a database banner on retries: refresh now and then.
    const tick = setInterval(() => board(), 15_000);
    stop = () => {
      unwatch();
      unwatchAnswers();
      desk.stop();
      clearInterval(tick);
    };
  });
  socket.on("close", () => {
    clearTimeout(timeout);
    stop();
  });
  socket.on("error", () => {});
}
