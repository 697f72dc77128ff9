// Who a session is, for class chat: the one place that turns a browser session into a class
// member with a name. Until students join with names (issue 10: names, class code, instructor),
// every session is a member of the lab's one class, named after its session.
import type { Session } from "../sessions/session";

export interface Member {
  /** Stable for the person: the same in every tab and after a reload. */
  id: string;
  name: string;
  classId: string;
  instructor: boolean;
}

export function memberOf(session: Session): Member | null {
  return { id: session.id, name: `Student ${session.id.slice(0, 4)}`, classId: "class", instructor: false };
}
