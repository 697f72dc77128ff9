import { expect, it } from "vitest";
import type { AnswerState } from "@/shared/answer-states";
import { startingStageOf } from "@/shared/stages";
import { startingChangeNotice } from "@/app/editor/starting-notice";
import { startingChangeReason } from "./starting-change";

const states = (s: Record<number, AnswerState>) => (exercise: number) => s[exercise] ?? "hidden";

it("an exercise starts from the newest program before it that is shown, chatserver1.py at the least", () => {
  expect([2, 3, 4, 5].map((s) => startingStageOf(s, () => false))).toEqual([1, 1, 1, 1]);
  const three = (x: number) => x === 3;
  expect([2, 3, 4, 5].map((s) => startingStageOf(s, three))).toEqual([1, 1, 3, 3]);
  expect([0, 1].map((s) => startingStageOf(s, () => true))).toEqual([0, 0]);
});

it("says which answer changed and what the student starts from now", () => {
  const released = states({ 3: "released" });
  expect(startingChangeNotice(startingChangeReason(1, 3, released), "chatserver3.py", true)).toBe("Your instructor released exercise 3's answer: you now start from chatserver3.py.");
  expect(startingChangeReason(1, 3, states({ 3: "on-request" }))).toBe("Your instructor made exercise 3's answer available");
  expect(startingChangeNotice(startingChangeReason(3, 1, states({})), "chatserver1.py", false)).toBe(
    "Your instructor hid exercise 3's answer again: the starting program is now chatserver1.py. Your text is as you left it.",
  );
});
