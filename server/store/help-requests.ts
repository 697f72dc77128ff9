// The help queue's rows: a student's open "Ask for help" (one at most), kept in the class store so
// a lab restart keeps the queue and everyone's place in it. Done deletes the row.
import type { Kysely } from "kysely";
import type { ClassDatabase } from "./schema";

export type HelpState = "waiting" | "helping";

export interface HelpRequest {
  studentId: string;
  message: string;
  state: HelpState;
  askedAt: number;
}

export class HelpRequests {
  constructor(private readonly db: Kysely<ClassDatabase>) {}

  /** Asks (or asks again with a new message): the place in the queue, by askedAt, is kept. */
  async ask(studentId: string, message: string, now = Date.now()): Promise<HelpRequest> {
    await this.db
      .insertInto("help_requests")
      .values({ student_id: studentId, message, state: "waiting", asked_at: now, updated_at: now })
      .onConflict((oc) => oc.column("student_id").doUpdateSet({ message, updated_at: now }))
      .execute();
    const row = await this.db.selectFrom("help_requests").selectAll().where("student_id", "=", studentId).executeTakeFirstOrThrow();
    return { studentId, message: row.message, state: row.state as HelpState, askedAt: Number(row.asked_at) };
  }

  /** The instructor is on the way; false when there is no such request (done meanwhile). */
  async helping(studentId: string, now = Date.now()): Promise<boolean> {
    const result = await this.db.updateTable("help_requests").set({ state: "helping", updated_at: now }).where("student_id", "=", studentId).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Done (or withdrawn by the student). */
  async close(studentId: string): Promise<void> {
    await this.db.deleteFrom("help_requests").where("student_id", "=", studentId).execute();
  }

  /** Every open request, longest waiting first. */
  async all(): Promise<HelpRequest[]> {
    const rows = await this.db.selectFrom("help_requests").selectAll().orderBy("asked_at").orderBy("student_id").execute();
    return rows.map((r) => ({ studentId: r.student_id, message: r.message, state: r.state as HelpState, askedAt: Number(r.asked_at) }));
  }
}
