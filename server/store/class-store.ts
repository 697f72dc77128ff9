// Every query the class needs, for SQLite and PostgreSQL alike. Methods throw when the database
// fails; callers turn that into "saving paused" (the browser keeps the work and tries again).
import { randomBytes, randomInt } from "node:crypto";
import { sql, type Kysely, type WhereInterface } from "kysely";
import { compileOnce } from "./compiled-query";
import { HelpRequests } from "./help-requests";
import type { Dialect } from "./migrations";
import type { ClassDatabase } from "./schema";

export interface Student {
  id: string;
  name: string;
  code: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface WorkItem {
  exercise: number;
  item: string;
  text: string;
  version: number;
  updatedAt: number;
}

export interface HistoryEntry {
  id: number;
  exercise: number;
  item: string;
  reason: string;
  createdAt: number;
  text: string;
}

export interface Saved {
  version: number;
  /** True when the save was made from an older version: the text it replaced went to the history. */
  replacedOther: boolean;
}

export interface CheckRecord {
  studentId: string;
  exercise: number;
  passed: boolean;
  failedCheck: string | null;
  createdAt: number;
  /** Of the exercise's checks, how many passed (and how many there were): kept in the report, not here. */
  latest?: { passed: number; of: number };
}

/** Versions kept per piece of work; the oldest go first. */
export const HISTORY_KEPT = 100;

// No 0/O, 1/I/L: a code read aloud or copied from a board is typed right the first time.
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const CODE_LENGTH = 8;

export function newPersonalCode(): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

const toStudent = (r: { id: string; name: string; code: string; created_at: number; last_seen_at: number }): Student => ({
  id: r.id,
  name: r.name,
  code: r.code,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
});

type WorkKey = { studentId: string; exercise: number; item: string };

/** A query on one of the two tables that hold a piece of work by student, exercise and item. */
type PieceQuery = WhereInterface<ClassDatabase, "work"> | WhereInterface<ClassDatabase, "history">;

/**
 * Narrows a query on work or history to one piece of work: `.$call(wherePiece(key))`. Chained
 * wheres, so the SQL is what the statements spelled out before (eb.and would add parentheses);
 * inside compileOnce the key's values are stand-ins, passed on as values.
 */
function wherePiece(key: WorkKey) {
  // Kysely's builders are typed per table; both tables have these three columns, of the same types.
  return <QB extends PieceQuery>(qb: QB): QB =>
    (qb as WhereInterface<ClassDatabase, "work" | "history">).where("student_id", "=", key.studentId).where("exercise", "=", key.exercise).where("item", "=", key.item) as QB;
}

/** The statements each save and each kept version run, compiled once (see compiled-query.ts). */
function hotStatements(db: Kysely<ClassDatabase>, dialect: Dialect) {
  const latestKept = (v: WorkKey) =>
    db.selectFrom("history").select("text").$call(wherePiece(v)).orderBy("id", "desc").limit(1);
  // A version is kept unless it is the newest kept already: decided in the database, in the same
  // statement, instead of reading the newest text back to the lab first. The values are cast in
  // the SELECT: PostgreSQL cannot tell a parameter's type there otherwise.
  const timeType = dialect === "postgres" ? sql`bigint` : sql`integer`;
  const keep = (v: WorkKey & { text: string; reason: string; now: number }) =>
    db
      .insertInto("history")
      .columns(["student_id", "exercise", "item", "text", "reason", "created_at"])
      .expression(
        db
          .selectNoFrom([
            sql<string>`cast(${v.studentId} as text)`.as("student_id"),
            sql<number>`cast(${v.exercise} as integer)`.as("exercise"),
            sql<string>`cast(${v.item} as text)`.as("item"),
            sql<string>`cast(${v.text} as text)`.as("text"),
            sql<string>`cast(${v.reason} as text)`.as("reason"),
            sql<number>`cast(${v.now} as ${timeType})`.as("created_at"),
          ])
          .where(({ not, exists, selectFrom }) => not(exists(selectFrom(latestKept(v).as("latest")).select("latest.text").where("latest.text", "=", v.text)))),
      )
      .returning("id");
  // The oldest versions beyond HISTORY_KEPT go.
  const prune = (v: WorkKey, offset: number) =>
    db
      .deleteFrom("history")
      .$call(wherePiece(v))
      .where("id", "<=", (eb) => eb.selectFrom("history").select("id").$call(wherePiece(v)).orderBy("id", "desc").offset(offset).limit(1));
  return {
    /** The usual save: only while the row is still at baseVersion. */
    saveOnBase: compileOnce(db, (v: WorkKey & { text: string; baseVersion: number; version: number; now: number }) =>
      db
        .updateTable("work")
        .set({ text: v.text, version: v.version, updated_at: v.now })
        .$call(wherePiece(v))
        .where("version", "=", v.baseVersion),
    ),
    /**
     * Keeps a version and prunes the oldest: on PostgreSQL one statement (one round trip, not the
     * six of a transaction); its DELETE sees the table as it was before the INSERT, so it keeps
     * HISTORY_KEPT - 1 older versions. SQLite has no INSERT or DELETE in WITH, and no round trips
     * to save: there the two run one after the other.
     */
    keep:
      dialect === "postgres"
        ? compileOnce(db, (v: WorkKey & { text: string; reason: string; now: number }) =>
            sql<{ id: number }>`with kept as (${keep(v)}), pruned as (${prune(v, HISTORY_KEPT - 1).where(sql<boolean>`exists (select 1 from kept)`)}) select id from kept`,
          )
        : compileOnce(db, keep),
    prune: compileOnce(db, (v: WorkKey) => prune(v, HISTORY_KEPT)),
  };
}

export class ClassStore {
  /** The help queue's requests. */
  readonly help: HelpRequests;
  private readonly hot: ReturnType<typeof hotStatements>;

  constructor(
    readonly db: Kysely<ClassDatabase>,
    readonly dialect: Dialect,
  ) {
    this.help = new HelpRequests(db);
    this.hot = hotStatements(db, dialect);
  }

  /** A new student, or null when the name (folded) is taken. */
  async addStudent(name: string, nameKey: string, now = Date.now()): Promise<Student | null> {
    const row = { id: randomBytes(12).toString("base64url"), name, name_key: nameKey, code: newPersonalCode(), created_at: now, last_seen_at: now };
    const inserted = await this.db
      .insertInto("students")
      .values(row)
      .onConflict((oc) => oc.column("name_key").doNothing())
      .returning("id")
      .executeTakeFirst();
    return inserted ? toStudent(row) : null;
  }

  async students(): Promise<Student[]> {
    return (await this.db.selectFrom("students").selectAll().orderBy("name").execute()).map(toStudent);
  }

  async studentByCode(code: string): Promise<Student | null> {
    const row = await this.db.selectFrom("students").selectAll().where("code", "=", code).executeTakeFirst();
    return row ? toStudent(row) : null;
  }

  async studentOfSession(sessionId: string): Promise<Student | null> {
    const row = await this.db
      .selectFrom("sessions")
      .innerJoin("students", "students.id", "sessions.student_id")
      .selectAll("students")
      .where("sessions.session_id", "=", sessionId)
      .executeTakeFirst();
    return row ? toStudent(row) : null;
  }

  async bindSession(sessionId: string, studentId: string, now = Date.now()): Promise<void> {
    await this.db
      .insertInto("sessions")
      .values({ session_id: sessionId, student_id: studentId, created_at: now })
      .onConflict((oc) => oc.column("session_id").doUpdateSet({ student_id: studentId, created_at: now }))
      .execute();
  }

  async touch(studentId: string, now = Date.now()): Promise<void> {
    await this.db.updateTable("students").set({ last_seen_at: now }).where("id", "=", studentId).execute();
  }

  async work(studentId: string): Promise<WorkItem[]> {
    const rows = await this.db.selectFrom("work").selectAll().where("student_id", "=", studentId).execute();
    return rows.map((r) => ({ exercise: r.exercise, item: r.item, text: r.text, version: r.version, updatedAt: r.updated_at }));
  }

  /**
   * Saves a piece of work. `baseVersion` is the version the browser's text grew from (0: none).
   * The newest save always wins; when it grew from an older version than the stored one (another
   * tab or computer saved meanwhile), the stored text goes to the history first, so neither is lost.
   */
  async saveWork(studentId: string, exercise: number, item: string, text: string, baseVersion: number, now = Date.now()): Promise<Saved> {
    const piece = { studentId, exercise, item };
    // The usual save (the same page typing on) grew from the stored version: one statement, no
    // transaction. It only succeeds while the row is still at baseVersion (checked under the row's
    // lock), so a save racing it finds a newer version and takes the path below. On PostgreSQL a
    // transaction of five round trips, each waiting for a busy CPU, made save p99 1.4 s.
    if (baseVersion > 0) {
      const fast = await this.hot.saveOnBase({ ...piece, text, baseVersion, version: baseVersion + 1, now });
      if (Number(fast.numAffectedRows) === 1) return { version: baseVersion + 1, replacedOther: false };
    }
    return this.db.transaction().execute(async (tx) => {
      // Make the row exist, then lock it: two saves at once queue here instead of both reading v.
      await tx
        .insertInto("work")
        .values({ student_id: studentId, exercise, item, text: "", version: 0, updated_at: now })
        .onConflict((oc) => oc.columns(["student_id", "exercise", "item"]).doNothing())
        .execute();
      let select = tx.selectFrom("work").select(["text", "version"]).$call(wherePiece(piece));
      if (this.dialect === "postgres") select = select.forUpdate();
      const current = await select.executeTakeFirstOrThrow();
      const replacedOther = current.version !== baseVersion && current.version > 0 && current.text !== text;
      if (replacedOther) await this.addHistory(tx, studentId, exercise, item, current.text, "other-tab", now);
      const version = current.version + 1;
      await tx
        .updateTable("work")
        .set({ text, version, updated_at: now })
        .$call(wherePiece(piece))
        .execute();
      return { version, replacedOther };
    });
  }

  /** Keeps a version in the history (at a Run, a Check, a pause in typing), unless it is the latest kept. */
  async keepVersion(studentId: string, exercise: number, item: string, text: string, reason: string, now = Date.now()): Promise<boolean> {
    const kept = await this.hot.keep({ studentId, exercise, item, text, reason, now });
    if (kept.rows.length === 0) return false;
    if (this.dialect === "sqlite") await this.hot.prune({ studentId, exercise, item });
    return true;
  }

  private async addHistory(tx: Kysely<ClassDatabase>, studentId: string, exercise: number, item: string, text: string, reason: string, now: number): Promise<void> {
    await tx.insertInto("history").values({ student_id: studentId, exercise, item, text, reason, created_at: now }).execute();
    await this.hot.prune({ studentId, exercise, item }, tx);
  }

  /** A student's kept versions of one exercise, newest first. */
  async history(studentId: string, exercise: number): Promise<HistoryEntry[]> {
    const rows = await this.db
      .selectFrom("history")
      .select(["id", "exercise", "item", "reason", "created_at", "text"])
      .where("student_id", "=", studentId)
      .where("exercise", "=", exercise)
      .orderBy("id", "desc")
      .execute();
    return rows.map((r) => ({ id: Number(r.id), exercise: r.exercise, item: r.item, reason: r.reason, createdAt: r.created_at, text: r.text }));
  }

  async recordCheck(record: CheckRecord): Promise<void> {
    await this.db
      .insertInto("check_runs")
      .values({ student_id: record.studentId, exercise: record.exercise, passed: record.passed ? 1 : 0, failed_check: record.failedCheck, created_at: record.createdAt })
      .execute();
  }

  async checkRuns(): Promise<CheckRecord[]> {
    const rows = await this.db.selectFrom("check_runs").selectAll().orderBy("id").execute();
    return rows.map((r) => ({ studentId: r.student_id, exercise: r.exercise, passed: r.passed === 1, failedCheck: r.failed_check, createdAt: r.created_at }));
  }

  async setting(key: string): Promise<string | undefined> {
    return (await this.db.selectFrom("lab_settings").select("value").where("key", "=", key).executeTakeFirst())?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.db.insertInto("lab_settings").values({ key, value }).onConflict((oc) => oc.column("key").doUpdateSet({ value })).execute();
  }

  /** A cheap round trip: is the database there? */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}
