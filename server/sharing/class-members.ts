// Who a session is, for class chat: the one place that turns a browser session into a class
// member with a name: the student's name once they joined the class (server/class), until then
// a placeholder named after the session.
import type { Session } from "../sessions/session";

export interface Member {
  /** Stable for the person: the same in every tab and after a reload. */
  id: string;
  name: string;
  classId: string;
  instructor: boolean;
}

export function memberOf(session: Session): Member | null {
  if (session.student) return { id: session.student.id, name: session.student.name, classId: "class", instructor: false };
  return { id: session.id, name: `Student ${session.id.slice(0, 4)}`, classId: "class", instructor: false };
}
