// The student's work as this browser keeps it (app/drafts' keys), seen as pieces the lab keeps too,
// with what the lab last confirmed of each: the version it grew from and whether it changed since.
import { forgetReveals, restoreReveal, revealedAt } from "@/app/answers/answer-store";
import { doneAt, restoreDone } from "@/app/checks/progress-store";
import { browserStorage, draftKey, loadDraft, loadNote, noteKey, saveDraft, saveNote } from "@/app/drafts/draft-store";

export interface LocalPiece {
  exercise: number;
  item: string;
  text: string;
}

/** What the lab confirmed of a piece: the version the local text grew from, and unsaved changes. */
export interface SyncMark {
  base: number;
  dirty: boolean;
}

const PREFIX = "chat-server-lab";
const markKey = (exercise: number, item: string) => `${PREFIX}:sync:${exercise}:${item}`;
/** The personal code of the student whose work this browser holds. */
const OWNER_KEY = `${PREFIX}:student`;

export function readMark(exercise: number, item: string): SyncMark | null {
  try {
    const raw = browserStorage()?.getItem(markKey(exercise, item));
    const value = raw ? (JSON.parse(raw) as SyncMark) : null;
    return value && typeof value.base === "number" && typeof value.dirty === "boolean" ? value : null;
  } catch {
    return null;
  }
}

export function writeMark(exercise: number, item: string, mark: SyncMark): void {
  try {
    browserStorage()?.setItem(markKey(exercise, item), JSON.stringify(mark));
  } catch {
    // Storage refused: the lab's copy is what counts; the next greeting sorts it out.
  }
}

export function readText(exercise: number, item: string): string | undefined {
  const storage = browserStorage();
  if (item === "draft") {
    const draft = loadDraft(storage, exercise, "");
    return draft.restored ? draft.source : undefined;
  }
  if (item.startsWith("note:")) return loadNote(storage, exercise, item.slice(5)).text || undefined;
  if (item === "reveal") return revealedAt(exercise);
  if (item === "done") return doneAt(exercise);
  return undefined;
}

export function writeText(exercise: number, item: string, text: string): void {
  const storage = browserStorage();
  if (item === "draft") saveDraft(storage, exercise, { source: text });
  else if (item.startsWith("note:")) saveNote(storage, exercise, item.slice(5), text);
  else if (item === "reveal") restoreReveal(exercise, text);
  else if (item === "done") restoreDone(exercise, text);
}

/** Every piece of work this browser holds (drafts and findings notes). */
export function localPieces(): LocalPiece[] {
  const storage = typeof window === "undefined" ? null : window.localStorage;
  if (!storage) return [];
  const pieces: LocalPiece[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i) ?? "";
    const draft = /^chat-server-lab:draft:(\d)$/.exec(key);
    const note = /^chat-server-lab:note:(\d):([a-z0-9-]{1,40})$/.exec(key);
    const exercise = Number((draft ?? note)?.[1]);
    const item = draft ? "draft" : note ? `note:${note[2]}` : null;
    if (!item) continue;
    const text = readText(exercise, item);
    if (text !== undefined) pieces.push({ exercise, item, text });
  }
  // The student's reveals of the lab's answers and the exercises they passed go with their work.
  for (const exercise of [0, 1, 2, 3, 4, 5]) {
    for (const item of ["reveal", "done"]) {
      const text = readText(exercise, item);
      if (text !== undefined) pieces.push({ exercise, item, text });
    }
  }
  return pieces;
}

/**
 * This browser now holds `code`'s work. A browser another student used (a lab PC) forgets that
 * student's copies first: their work is on the lab server, and must not become this student's.
 */
export function claimBrowser(code: string): void {
  const storage = typeof window === "undefined" ? null : window.localStorage;
  if (!storage) return;
  try {
    const owner = storage.getItem(OWNER_KEY);
    if (owner !== null && owner !== code) {
      const keys: string[] = [];
      for (let i = 0; i < storage.length; i++) keys.push(storage.key(i) ?? "");
      for (const key of keys) if (/^chat-server-lab:(draft|note|sync|done):/.test(key)) storage.removeItem(key);
      forgetReveals();
    }
    storage.setItem(OWNER_KEY, code);
  } catch {
    // Storage refused: nothing kept here to mix up.
  }
}

export { draftKey, noteKey };
