// The instructor's socket (/ws/instructor): the first message carries the key (never the URL,
// which proxies and logs keep); a wrong one is answered after a delay and the socket closed.
// Then the live class board: a snapshot, and a new one within BOARD_INTERVAL_MS of any change.
import type { WebSocket } from "ws";
import { InstructorClientMessage, type InstructorServerMessage } from "../../shared/board-messages";
import { CloseCode, parseMessage } from "../../shared/protocol";
import type { Lab } from "../lab";
import type { KeyCheck } from "./instructor-key";

const HELLO_WITHIN_MS = 10_000;

function send(socket: WebSocket, message: InstructorServerMessage): void {
  if (socket.readyState === socket.OPEN && socket.bufferedAmount < 4 * 1024 * 1024) socket.send(JSON.stringify(message));
}

/** Announce to the class, or a note to one student's open pages. */
function tell(lab: Lab, text: string): void {
  const parsed = parseMessage(InstructorClientMessage, text);
  if (!parsed.ok || parsed.value.type === "instructor.hello") return;
  const m = parsed.value;
  const notice = { type: "class.notice" as const, to: m.type === "instructor.announce" ? ("class" as const) : ("you" as const), text: m.text, at: Date.now() };
  for (const session of lab.sessions.values()) {
    if (!session.student) continue;
    if (m.type === "instructor.announce" || session.student.id === m.studentId) session.broadcast(notice);
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
    socket.on("message", (more) => tell(lab, more.toString()));
    onKeyAccepted();
    const board = (rows = classroom.board.snapshot()) => send(socket, { type: "board", rows, at: Date.now(), paused: classroom.paused });
    board();
    stop = classroom.board.watch((rows) => board(rows));
    // "stuck" depends on time passing, and a database banner on retries: refresh now and then.
    const tick = setInterval(() => board(), 15_000);
    const prev = stop;
    stop = () => {
      prev();
      clearInterval(tick);
    };
  });
  socket.on("close", () => {
    clearTimeout(timeout);
    stop();
  });
  socket.on("error", () => {});
}
