"use client";
// Which exercises the student has passed, kept in the browser and with their work on the lab
// server (item "done"): the navigation marks them done on every computer they use.
import { useSyncExternalStore } from "react";
import { browserStorage } from "@/app/drafts/draft-store";

const key = (stage: number) => `chat-server-lab:done:${stage}`;
const EVENT = "chat-server-lab:progress";

/** Marks the exercise done; returns when (to keep with the student's work), or undefined when it already was. */
export function markDone(stage: number, at = new Date().toISOString()): string | undefined {
  if (doneAt(stage) !== undefined) return undefined;
  try {
    browserStorage()?.setItem(key(stage), at);
  } catch {
    // Storage refused: the mark lasts for this page only (the checks' result still shows).
  }
  window.dispatchEvent(new Event(EVENT));
  return at;
}

/** When the exercise was first passed here (or on another computer of the student's). */
export function doneAt(stage: number): string | undefined {
  try {
    return browserStorage()?.getItem(key(stage)) ?? undefined;
  } catch {
    return undefined;
  }
}

/** A done mark kept on the lab server. */
export function restoreDone(stage: number, at: string): void {
  markDone(stage, at);
}

function snapshot(): string {
  const storage = browserStorage();
  if (!storage) return "";
  return [0, 1, 2, 3, 4, 5].filter((s) => storage.getItem(key(s))).join(",");
}

function subscribe(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  window.addEventListener("storage", listener); // another tab passed an exercise
  return () => {
    window.removeEventListener(EVENT, listener);
    window.removeEventListener("storage", listener);
  };
}

/** Stages whose checks the student has passed. */
export function useDone(): Set<number> {
  const value = useSyncExternalStore(subscribe, snapshot, () => "");
  return new Set(value ? value.split(",").map(Number) : []);
}
