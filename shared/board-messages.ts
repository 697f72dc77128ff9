// The instructor's socket (/ws/instructor): the key, then the live class board.
import { z } from "zod";
import { CheckReport } from "./check-report";
import { HistoryView, WorkExercise } from "./class-messages";
import { AnswerState, AnswerStates } from "./answer-states";

export const CellStatus = z.enum(["not-started", "working", "running", "passed", "failed"]);
export type CellStatus = z.infer<typeof CellStatus>;

export const BoardCell = z.object({
  status: CellStatus,
  /** The first failing check of the latest check, when it failed. */
  failedCheck: z.string().optional(),
  checks: z.number().int(),
  /** Of the exercise's checks, how many passed in the latest check (and how many there were). */
  latest: z.object({ passed: z.number().int(), of: z.number().int() }).optional(),
  firstPassedAt: z.number().optional(),
  /** The same check failed this many times in a row (3: stuck). */
  sameFailures: z.number().int(),
});
export type BoardCell = z.infer<typeof BoardCell>;

export const BoardRow = z.object({
  studentId: z.string(),
  name: z.string(),
  lastActivity: z.number(),
  online: z.boolean(),
  /** Index = exercise 0-5. */
  cells: z.array(BoardCell),
  /** The headline of the student's latest traceback, e.g. "NameError: name 'clients' is not defined". */
  traceback: z.string().optional(),
  tracebackAt: z.number().optional(),
  stuck: z.boolean(),
  /** The student asked for help: waiting since askedAt, or the instructor is on the way. */
  help: z.object({ state: z.enum(["waiting", "helping"]), message: z.string(), askedAt: z.number() }).optional(),
});
export type BoardRow = z.infer<typeof BoardRow>;

/** The board with `changed` rows in place of theirs (a new student's row comes last, as on the lab's board). */
export function mergeRows(rows: BoardRow[], changed: BoardRow[]): BoardRow[] {
  const byId = new Map(changed.map((row) => [row.studentId, row]));
  const merged = rows.map((row) => {
    const now = byId.get(row.studentId);
    byId.delete(row.studentId);
    return now ?? row;
  });
  return [...merged, ...byId.values()];
}

/** One exercise of a watched student: the program now, what it started from, their previous version, notes and latest check report. */
export const DeskExercise = z.object({
  exercise: WorkExercise,
  /** The program the exercise's editor starts from (the stage before, or the newest shown). */
  starting: z.string(),
  startingName: z.string(),
  draft: z.object({ text: z.string(), version: z.number().int(), updatedAt: z.number() }).optional(),
  /** The newest kept version that differs from the draft (at a Run, a Check, a pause). */
  previous: z.object({ text: z.string(), reason: z.string(), createdAt: z.number() }).optional(),
  notes: z.array(z.object({ task: z.string(), text: z.string() })),
  /** The latest check report, as the student's page got it. */
  report: CheckReport.optional(),
});
export type DeskExercise = z.infer<typeof DeskExercise>;

/** One of the student's runs: its console (the newest part) and where a terminal can reach it. */
export const DeskRun = z.object({
  runId: z.string(),
  label: z.string(),
  stage: z.number().int(),
  state: z.string(),
  ports: z.array(z.number().int()),
  console: z.string(),
});
export type DeskRun = z.infer<typeof DeskRun>;

/** What the instructor sees over a student's shoulder. */
export const StudentDesk = z.object({
  studentId: z.string(),
  name: z.string(),
  online: z.boolean(),
  exercises: z.array(DeskExercise),
  runs: z.array(DeskRun),
  /** The instructor's terminals open to this student's server now. */
  visitors: z.number().int(),
  at: z.number(),
});
export type StudentDesk = z.infer<typeof StudentDesk>;

/** What an instructor may say to the class or to one student. */
export const MAX_NOTICE_CHARS = 500;
export const InstructorClientMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("instructor.hello"), key: z.string().max(200) }),
  /** "Announce": shown on every student's page. */
  z.object({ type: z.literal("instructor.announce"), text: z.string().trim().min(1).max(MAX_NOTICE_CHARS) }),
  /** "Send a note": shown on one student's pages. */
  z.object({ type: z.literal("instructor.note"), studentId: z.string().max(64), text: z.string().trim().min(1).max(MAX_NOTICE_CHARS) }),
  /** The help queue: on the way to this student ("helping"), or done with them. */
  z.object({ type: z.literal("instructor.help"), studentId: z.string().max(64), state: z.enum(["helping", "done"]) }),
  /** Look over a student's shoulder (null: stop): their work, runs and reports, live. */
  z.object({ type: z.literal("instructor.watch"), studentId: z.string().max(64).nullable() }),
  /** The kept versions of the watched student's exercise. */
  z.object({ type: z.literal("instructor.history"), studentId: z.string().max(64), exercise: WorkExercise }),
  /** Release (or hide) an exercise's answer: its reference solution and the lab's findings. */
  z.object({ type: z.literal("instructor.answers"), exercise: z.number().int().min(0).max(5), state: AnswerState }),
]);
export type InstructorClientMessage = z.infer<typeof InstructorClientMessage>;

export const InstructorServerMessage = z.discriminatedUnion("type", [
  /** The whole board: when the socket opens, and now and then ("stuck" changes with time). */
  z.object({ type: z.literal("board"), rows: z.array(BoardRow), at: z.number(), paused: z.string().nullable() }),
  /** The rows that changed since (mergeRows), at most every 250 ms: a class's board is ~60 kB. */
  z.object({ type: z.literal("board.rows"), rows: z.array(BoardRow), at: z.number(), paused: z.string().nullable() }),
  z.object({ type: z.literal("instructor.refused"), message: z.string() }),
  /** The watched student as they are now; sent again (at most a few times a second) as they work. */
  z.object({ type: z.literal("student"), view: StudentDesk }),
  z.object({ type: z.literal("student.history"), studentId: z.string(), exercise: WorkExercise, entries: z.array(HistoryView) }),
  /** Which exercises' answers students may see: sent on connect and on every change. */
  z.object({ type: z.literal("answers"), states: AnswerStates }),
]);
export type InstructorServerMessage = z.infer<typeof InstructorServerMessage>;
