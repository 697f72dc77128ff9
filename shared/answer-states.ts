// Whether the lab's answer to each exercise reaches students: its reference solution (exercises
// 2-5: chatserverN.py, the comparison and the programming points) and the lab's findings.
// "hidden": neither shown nor sent to any browser; "on-request": a student may show it (Show the
// lab's answer); "released": the instructor released it, every student's page shows it.
// LAB_REFERENCE sets every exercise at start (1: on-request, 0: hidden); the board changes one live.
import { z } from "zod";

export const AnswerState = z.enum(["hidden", "on-request", "released"]);
export type AnswerState = z.infer<typeof AnswerState>;

/** One state per exercise, index = exercise 0-5 (0 and 1 have findings only: their programs are given). */
export const AnswerStates = z.array(AnswerState).length(6);
export type AnswerStates = z.infer<typeof AnswerStates>;

export const allAnswers = (state: AnswerState): AnswerStates => Array.from({ length: 6 }, () => state);
