"use client";
// Which exercises the student has passed, kept in the browser: the navigation marks them done.
import { useSyncExternalStore } from "react";
import { browserStorage } from "@/app/drafts/draft-store";

const key = (stage: number) => `chat-server-lab:done:${stage}`;
const EVENT = "chat-server-lab:progress";

export function markDone(stage: number): void {
  try {
    browserStorage()?.setItem(key(stage), new Date().toISOString());
  } catch {
    // Storage refused: the mark lasts for this page only (the checks' result still shows).
  }
  window.dispatchEvent(new Event(EVENT));
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
