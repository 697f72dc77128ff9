"use client";
// The one place that says whether the lab's answer for an exercise is shown: its solution, the
// comparison with the stage before, the programming points and the findings that give the fix
// away. Fed by the student's own reveal (kept in this browser), and by the instructor: a release
// from the lab server calls releaseAnswers() and every page that shows that exercise flips at
// once, without a reload. Saved with the student's work through answersForStorage/restoreAnswers.
import { useSyncExternalStore } from "react";
import { z } from "zod";
import { REFERENCE_STAGES, type Stage } from "@/shared/stages";

const KEY = "lab.answers.v1";

export const AnswerReveal = z.object({
  /** Who revealed it: the student pressing the button, or the instructor releasing it. */
  by: z.enum(["student", "instructor"]),
  at: z.string(),
});
export type AnswerReveal = z.infer<typeof AnswerReveal>;
export const SavedAnswers = z.record(z.string().regex(/^[2-5]$/), AnswerReveal);
export type SavedAnswers = z.infer<typeof SavedAnswers>;

let answers: SavedAnswers = {};
let read = false;
const listeners = new Set<() => void>();

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null; // storage blocked: reveals last as long as the page
  }
}

function load(): void {
  if (read) return;
  read = true;
  let saved: unknown = {};
  try {
    saved = JSON.parse(storage()?.getItem(KEY) ?? "{}");
  } catch {
    // unreadable: as if nothing was revealed
  }
  const parsed = SavedAnswers.safeParse(saved);
  if (parsed.success) answers = parsed.data;
  // Another tab revealed (or the student cleared the site's data): follow it.
  window.addEventListener("storage", (event) => {
    if (event.key !== KEY) return;
    read = false;
    answers = {};
    load();
    notify();
  });
}

function notify(): void {
  for (const listener of listeners) listener();
}

function save(next: SavedAnswers): void {
  answers = next;
  try {
    storage()?.setItem(KEY, JSON.stringify(next));
  } catch {
    // full or blocked: the reveal still holds for this page
  }
  notify();
}

export function answerShown(stage: number): boolean {
  if (typeof window === "undefined") return false;
  load();
  return answers[String(stage)] !== undefined;
}

/** The student asked to see exercise `stage`'s answer. */
export function revealAnswer(stage: number): void {
  load();
  if (answers[String(stage)]) return;
  save({ ...answers, [String(stage)]: { by: "student", at: new Date().toISOString() } });
}

/** The instructor released these exercises' answers (a message from the lab server). */
export function releaseAnswers(stages: number[]): void {
  load();
  const added = stages.filter((s) => REFERENCE_STAGES.includes(s as Stage) && !answers[String(s)]);
  if (added.length) save({ ...answers, ...Object.fromEntries(added.map((s) => [String(s), { by: "instructor" as const, at: new Date().toISOString() }])) });
}

/** What to keep with the student's work on the lab server, and how to take it back. */
export function answersForStorage(): SavedAnswers {
  load();
  return { ...answers };
}
export function restoreAnswers(saved: unknown): void {
  load();
  const parsed = SavedAnswers.safeParse(saved);
  if (parsed.success) save({ ...answers, ...parsed.data });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether exercise `stage`'s answer is shown; false on the server and before the page is live. */
export function useAnswerShown(stage: number): boolean {
  return useSyncExternalStore(subscribe, () => answerShown(stage), () => false);
}
