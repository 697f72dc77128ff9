// Why an open exercise page's starting program changed, in the words a student reads under the
// editor (app/editor/starting-notice.tsx). Pure, so it is tested in Node.
import type { AnswerState } from "@/shared/answer-states";

/**
 * The starting program went from stage `from`'s to stage `to`'s: a newer one means the instructor
 * made exercise `to`'s answer available (released, or left to the student's request); an older
 * one, that they hid exercise `from`'s.
 */
export function startingChangeReason(from: number, to: number, stateOf: (exercise: number) => AnswerState): string {
  if (to > from) return stateOf(to) === "released" ? `Your instructor released exercise ${to}'s answer` : `Your instructor made exercise ${to}'s answer available`;
  return `Your instructor hid exercise ${from}'s answer again`;
}

