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

export const InstructorClientMessage = z.discriminatedUnion("type", [z.object({ type: z.literal("instructor.hello"), key: z.string().max(200) })]);
export type InstructorClientMessage = z.infer<typeof InstructorClientMessage>;

export const InstructorServerMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("board"), rows: z.array(BoardRow), at: z.number(), paused: z.string().nullable() }),
  z.object({ type: z.literal("instructor.refused"), message: z.string() }),
]);
export type InstructorServerMessage = z.infer<typeof InstructorServerMessage>;
