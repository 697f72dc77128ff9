// The answer states the site's pages read when they are rendered. The lab server and Next's pages
// run in one process but load their own copies of modules (Next bundles the pages), so the lab
// server publishes the states on globalThis; a page rendered with no lab in the process (a test
// rendering it alone) falls back to LAB_REFERENCE.
import { allAnswers, type AnswerStates } from "../../shared/answer-states";
import { readSetting } from "../config";

const KEY = Symbol.for("chat-server-lab.answer-states");
type Holder = { [KEY]?: AnswerStates };

export function publishAnswerStates(states: AnswerStates): void {
  (globalThis as Holder)[KEY] = [...states];
}

export function publishedAnswerStates(): AnswerStates {
  return (globalThis as Holder)[KEY] ?? allAnswers(readSetting("LAB_REFERENCE") ? "on-request" : "hidden");
}
