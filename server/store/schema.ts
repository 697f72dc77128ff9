// The class's tables as Kysely sees them (one typed query layer for SQLite and PostgreSQL).
// Times are milliseconds since 1970 in both databases (bigint in PostgreSQL, read back as numbers).
import type { Generated } from "kysely";

export interface StudentTable {
  id: string;
  name: string;
  /** The name folded for comparison (case, accents, look-alike letters): unique in the class. */
  name_key: string;
  /** The short personal code that brings the student to another browser: unique. */
  code: string;
  created_at: number;
  last_seen_at: number;
}

/** Which browser session is which student (a session is one browser's signed cookie). */
export interface SessionTable {
  session_id: string;
  student_id: string;
  created_at: number;
}

/**
 * One piece of a student's work on one exercise, newest text only: `item` is "draft", "note:<task>",
 * "reveal" or "report". `version` grows by one at every save, so a save made from an older version
 * is known to be one (see saveWork).
 */
export interface WorkTable {
  student_id: string;
  exercise: number;
  item: string;
  text: string;
  version: number;
  updated_at: number;
}

/** Earlier texts of a piece of work, kept at every Run, Check, pause in typing, and overwrite. */
export interface HistoryTable {
  id: Generated<number>;
  student_id: string;
  exercise: number;
  item: string;
  text: string;
  /** "run", "check", "pause", "other-tab" (the text another tab or computer replaced), "restore". */
  reason: string;
  created_at: number;
}

/** Every check the student ran, for progress: passed or which check failed first. Added in version 2. */
export interface CheckRunTable {
  id: Generated<number>;
  student_id: string;
  exercise: number;
  passed: number;
  /** The first failing check's title, null when all passed. */
  failed_check: string | null;
  created_at: number;
}

/** The lab's own settings that outlive a restart (answers released per exercise). Added in version 2. */
export interface LabSettingTable {
  key: string;
  value: string;
}

/** A student's open "Ask for help" (one at most): kept so a lab restart keeps the queue. Added in version 3. */
export interface HelpRequestTable {
  student_id: string;
  /** What the student wrote with it (may be empty). */
  message: string;
  /** "waiting", or "helping" once the instructor is on the way. */
  state: string;
  asked_at: number;
  updated_at: number;
}

export interface ClassDatabase {
  students: StudentTable;
  sessions: SessionTable;
  work: WorkTable;
  history: HistoryTable;
  check_runs: CheckRunTable;
  lab_settings: LabSettingTable;
  help_requests: HelpRequestTable;
}
