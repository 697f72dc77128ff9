// What /answers/N sends: the lab's answer to one exercise.
import { z } from "zod";

export const Answer = z.object({
  fileName: z.string(),
  program: z.string(),
  startingFileName: z.string(),
  starting: z.string(),
  /** The programming points as HTML (trusted: written by the lab's authors). */
  pointsHtml: z.string(),
});
export type Answer = z.infer<typeof Answer>;

/** Fetches exercise `stage`'s answer; throws with a message a student can act on. */
export async function fetchAnswer(stage: number): Promise<Answer> {
  const response = await fetch(`/answers/${stage}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`the lab answered ${response.status} ${response.statusText}`.trim());
  const parsed = Answer.safeParse(await response.json());
  if (!parsed.success) throw new Error("the lab sent an answer this page does not understand");
  return parsed.data;
}

const fetched = new Map<number, Promise<Answer>>();

/** The instructor hid it: the page keeps no copy. */
export function forgetAnswer(stage: number): void {
  fetched.delete(stage);
}

/** The same answer for every part of the page that shows it; a failed fetch is tried again next time. */
export function answerFor(stage: number): Promise<Answer> {
  let answer = fetched.get(stage);
  if (!answer) {
    answer = fetchAnswer(stage);
    answer.catch(() => fetched.delete(stage));
    fetched.set(stage, answer);
  }
  return answer;
}
