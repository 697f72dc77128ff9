// Who a session is, for class chat: the one place that turns a browser session into a class
// member with a name. Only a student who joined the class (server/class), or the instructor (the
// browser that gave the key on /instructor), is a member: a browser that has done neither sees no
// shared server and can neither share nor join one.
import type { Session } from "../sessions/session";

export interface Member {
  /** Stable for the person: the same in every tab, on every computer they continue on. */
  id: string;
  name: string;
  classId: string;
  instructor: boolean;
}

/** The lab serves one class at a time (LAB_CLASS_CODE names it). */
const CLASS = "class";

export function memberOf(session: Session): Member | null {
  if (session.instructor) return { id: `instructor:${session.id}`, name: "Instructor", classId: CLASS, instructor: true };
  if (session.student) return { id: session.student.id, name: session.student.name, classId: CLASS, instructor: false };
  return null;
}
