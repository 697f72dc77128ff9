// The class in the one message schema (shared/protocol.ts imports these): joining with a name,
// continuing on another computer with a personal code, and a student's work kept on the lab server.
import { z } from "zod";
import { MAX_NAME_LENGTH } from "../server/class/student-name";
import { AnswerStates } from "./answer-states";

/** Largest piece of work kept (a program of 200 KiB fits, with room for notes' markup). */
export const MAX_WORK_BYTES = 200 * 1024;
export const WorkExercise = z.number().int().min(0).max(5);
/**
 * "draft" (the program), "note:<task id>" (findings), "reveal" (the student showed the lab's answer:
 * when), "done" (the exercise's checks passed: when).
 */
export const WorkItemName = z.string().regex(/^(draft|reveal|done|note:[a-z0-9-]{1,40})$/, "draft, reveal, done or note:<task>");

/** Longest message a student may send with "Ask for help". */
export const MAX_HELP_MESSAGE_CHARS = 300;

/** A student's own help request as their page shows it: their place among those waiting, or the instructor on the way. */
export const HelpStatus = z.discriminatedUnion("state", [
  z.object({ state: z.literal("none") }),
  z.object({ state: z.literal("waiting"), place: z.number().int().positive(), message: z.string(), askedAt: z.number() }),
  z.object({ state: z.literal("helping"), message: z.string(), askedAt: z.number() }),
]);
export type HelpStatus = z.infer<typeof HelpStatus>;

export const StudentView = z.object({ name: z.string(), code: z.string() });
export type StudentView = z.infer<typeof StudentView>;

export const WorkPiece = z.object({
  exercise: WorkExercise,
  item: WorkItemName,
  text: z.string().max(MAX_WORK_BYTES),
  version: z.number().int().nonnegative(),
  updatedAt: z.number(),
});
export type WorkPiece = z.infer<typeof WorkPiece>;

export const HistoryView = z.object({
  id: z.number().int(),
  item: WorkItemName,
  reason: z.string(),
  createdAt: z.number(),
  text: z.string(),
});
export type HistoryView = z.infer<typeof HistoryView>;

export const ClassClientMessages = [
  /** Join the class with a name (and the class code when the instructor set one). */
  z.object({ type: z.literal("class.join"), name: z.string().max(MAX_NAME_LENGTH * 8), classCode: z.string().max(200).optional() }),
  /** Continue as the student whose personal code this is. */
  z.object({ type: z.literal("class.continue"), code: z.string().max(64) }),
  /** Save a piece of work; baseVersion is the version this text grew from (0: none). */
  z.object({ type: z.literal("work.save"), exercise: WorkExercise, item: WorkItemName, text: z.string().max(MAX_WORK_BYTES), baseVersion: z.number().int().nonnegative() }),
  /** Keep the current text as a version in the history (at a Run, a Check, a pause in typing). */
  z.object({ type: z.literal("work.keep"), exercise: WorkExercise, item: WorkItemName, text: z.string().max(MAX_WORK_BYTES), reason: z.enum(["run", "check", "pause", "restore"]) }),
  z.object({ type: z.literal("history.list"), exercise: WorkExercise }),
  /** "Ask for help", with an optional message (asking again changes the message, not the place). */
  z.object({ type: z.literal("help.ask"), message: z.string().trim().max(MAX_HELP_MESSAGE_CHARS) }),
  /** The student no longer needs help. */
  z.object({ type: z.literal("help.cancel") }),
] as const;

export const ClassServerMessages = [
  /**
   * Who this browser is in the class: null until the student joins. classCode: whether joining
   * asks for the class code. Then all the student's work, newest text per piece.
   */
  z.object({ type: z.literal("class.student"), student: StudentView.nullable(), classCode: z.boolean(), work: z.array(WorkPiece) }),
  /** Joining or continuing failed; message says why and what to do. */
  z.object({ type: z.literal("class.refused"), field: z.enum(["name", "classCode", "code"]), message: z.string() }),
  z.object({ type: z.literal("work.saved"), exercise: WorkExercise, item: WorkItemName, version: z.number().int(), replacedOther: z.boolean() }),
  /** Another tab or computer of the same student saved this piece. */
  z.object({ type: z.literal("work.changed"), piece: WorkPiece }),
  /** The lab could not save (its database is unreachable): the browser keeps the work and retries. */
  z.object({ type: z.literal("work.paused"), message: z.string() }),
  z.object({ type: z.literal("history.list"), exercise: WorkExercise, entries: z.array(HistoryView) }),
  /** From the instructor: to everyone ("Announce") or to this student ("Send a note"). */
  z.object({ type: z.literal("class.notice"), to: z.enum(["class", "you"]), text: z.string(), at: z.number() }),
  /** Where this student's help request is (sent on greeting and whenever the queue moves). */
  z.object({ type: z.literal("help.status"), help: HelpStatus }),
  /** The instructor opened (or closed) a terminal to this student's server. */
  z.object({ type: z.literal("class.visitor"), terminals: z.number().int().nonnegative(), label: z.string() }),
  /** Which exercises' answers students may see (shared/answer-states.ts): sent on connect and whenever the instructor changes one. */
  z.object({ type: z.literal("class.answers"), states: AnswerStates }),
] as const;
