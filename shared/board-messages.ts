// The instructor's socket (/ws/instructor): the key, then the live class board.
import { z } from "zod";

export const CellStatus = z.enum(["not-started", "working", "running", "passed", "failed"]);
export type CellStatus = z.infer<typeof CellStatus>;

export const BoardCell = z.object({
  status: CellStatus,
  /** The first failing check of the latest check, when it failed. */
  failedCheck: z.string().optional(),
  checks: z.number().int(),
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
});
export type BoardRow = z.infer<typeof BoardRow>;

/** What an instructor may say to the class or to one student. */
export const MAX_NOTICE_CHARS = 500;
export const InstructorClientMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("instructor.hello"), key: z.string().max(200) }),
  /** "Announce": shown on every student's page. */
  z.object({ type: z.literal("instructor.announce"), text: z.string().trim().min(1).max(MAX_NOTICE_CHARS) }),
  /** "Send a note": shown on one student's pages. */
  z.object({ type: z.literal("instructor.note"), studentId: z.string().max(64), text: z.string().trim().min(1).max(MAX_NOTICE_CHARS) }),
]);
export type InstructorClientMessage = z.infer<typeof InstructorClientMessage>;

export const InstructorServerMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("board"), rows: z.array(BoardRow), at: z.number(), paused: z.string().nullable() }),
  z.object({ type: z.literal("instructor.refused"), message: z.string() }),
]);
export type InstructorServerMessage = z.infer<typeof InstructorServerMessage>;
