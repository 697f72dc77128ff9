"use client";
// The one place that says whether the lab's answer for an exercise is shown: its solution, the
// comparison with the stage before, the programming points and the findings that give the fix
// away. Two things decide: the exercise's answer state, which the lab server sends and the
// instructor changes live from the board (hidden: never shown; released: shown on every page), and
// while it is "on-request", the student's own reveal, kept in this browser and with their work on
// the lab server (local-work.ts reads and writes it through revealedAt/restoreReveal).
import { useSyncExternalStore } from "react";
import { z } from "zod";
import type { AnswerState, AnswerStates } from "@/shared/answer-states";
import { REFERENCE_STAGES, type Stage } from "@/shared/stages";
import { forgetAnswer } from "./answer";

const KEY = "lab.answers.v1";

export const AnswerReveal = z.object({
  /** Who revealed it ("instructor": an earlier version's release, kept in browsers; read as the student's). */
  by: z.enum(["student", "instructor"]),
  at: z.string(),
});
export type AnswerReveal = z.infer<typeof AnswerReveal>;
export const SavedAnswers = z.record(z.string().regex(/^[2-5]$/), AnswerReveal);
export type SavedAnswers = z.infer<typeof SavedAnswers>;

let answers: SavedAnswers = {};
/** From the lab server; null until the page has heard from it (the page's own render decides meanwhile). */
let states: AnswerStates | null = null;
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

/** The exercise's answer state: the lab's word, or `fallback` (what the page was rendered with) until it has spoken. */
export function answerState(stage: number, fallback: AnswerState): AnswerState {
  return states?.[stage] ?? fallback;
}

export function answerShown(stage: number, fallback: AnswerState = "on-request"): boolean {
  if (typeof window === "undefined") return false;
  const state = answerState(stage, fallback);
  if (state !== "on-request") return state === "released" && REFERENCE_STAGES.includes(stage as Stage);
  load();
  return answers[String(stage)] !== undefined;
}

/** The student asked to see exercise `stage`'s answer; returns when (to keep with their work). */
export function revealAnswer(stage: number): string {
  load();
  const kept = answers[String(stage)];
  if (kept) return kept.at;
  const at = new Date().toISOString();
  save({ ...answers, [String(stage)]: { by: "student", at } });
  return at;
}

/** When the student revealed exercise `stage`'s answer, if they did. */
export function revealedAt(stage: number): string | undefined {
  if (typeof window === "undefined") return undefined;
  load();
  return answers[String(stage)]?.at;
}

/** A reveal kept on the lab server (from another computer of the student's). */
export function restoreReveal(stage: number, at: string): void {
  load();
  if (!REFERENCE_STAGES.includes(stage as Stage) || answers[String(stage)]) return;
  save({ ...answers, [String(stage)]: { by: "student", at } });
}

/** Another student now uses this browser: their reveals are theirs (kept on the lab server), not this one's. */
export function forgetReveals(): void {
  load();
  answers = {};
  try {
    storage()?.removeItem(KEY);
  } catch {
    // blocked: nothing was kept
  }
  notify();
}

/** The lab server's answer states (on connect, and whenever the instructor changes one). */
export function setAnswerStates(next: AnswerStates): void {
  // A hidden answer leaves the page's memory too: a later release fetches it again.
  next.forEach((state, stage) => state === "hidden" && forgetAnswer(stage));
  states = [...next];
  notify();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether exercise `stage`'s answer is shown; false on the server and before the page is live. */
export function useAnswerShown(stage: number, fallback: AnswerState = "on-request"): boolean {
  return useSyncExternalStore(subscribe, () => answerShown(stage, fallback), () => false);
}

/** The exercise's answer state, live; `fallback` is what the page was rendered with. */
export function useAnswerState(stage: number, fallback: AnswerState): AnswerState {
  return useSyncExternalStore(subscribe, () => answerState(stage, fallback), () => fallback);
}
