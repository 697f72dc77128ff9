// The student's drafts and findings notes, kept in the browser (localStorage) as they are typed:
// a reload, a closed tab, a browser restart or the lab server restarting loses nothing.
// Pure: it takes a Storage-like object, so it is tested in Node. It never throws: storage that is
// missing, full or refusing (Safari's private mode throws on setItem) and entries that cannot be
// read all come back as a plain-language notice, and damaged text is copied aside, never dropped.

/** The part of the Web Storage API this module uses. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const PREFIX = "chat-server-lab";
export const draftKey = (stage: number) => `${PREFIX}:draft:${stage}`;
export const noteKey = (stage: number, taskId: string) => `${PREFIX}:note:${stage}:${taskId}`;
/** Where an entry that could not be read is copied, so the student's text is not lost. */
export const damagedKey = (key: string) => `${key}:damaged`;

/** A stored draft. `previous` is the text a reset replaced, so "Undo reset" can bring it back. */
export interface StoredDraft {
  v: 1;
  source: string;
  savedAt: string;
  previous?: string;
}
interface StoredNote {
  v: 1;
  text: string;
  savedAt: string;
}

export interface DraftState {
  source: string;
  previous?: string;
}
export interface LoadedDraft extends DraftState {
  /** True when the text came from a saved draft rather than the starting program. */
  restored: boolean;
  notice?: string;
}
export interface SaveResult {
  ok: boolean;
  notice?: string;
}

/** window.localStorage when this browser lets the page use it; null otherwise (never throws). */
export function browserStorage(): StorageLike | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null; // Storage disabled by the browser's settings: reading the property throws.
  }
}

// What the student can do instead, said at the end of every storage notice.
const KEEP_PROGRAM = "Download your program to keep it.";
const KEEP_NOTE = "Copy your findings somewhere else to keep them.";

const unavailable = (keep: string) =>
  `This browser does not let the lab keep your work (its storage is turned off, as in some private windows). ${keep}`;

function saveFailure(error: unknown, keep: string): string {
  // Safari's private windows have a zero quota, so they report "full" too.
  const name = error instanceof Error ? error.name : "";
  const full = name === "QuotaExceededError" || name === "NS_ERROR_DOM_QUOTA_REACHED";
  const why = full
    ? "this browser's storage for the lab is full (or, in a private window, turned off)"
    : "this browser refused to store them (storage turned off or a private window)";
  return `Your latest changes could not be saved: ${why}. ${keep}`;
}

function write(storage: StorageLike | null, key: string, value: unknown, keep: string): SaveResult {
  if (!storage) return { ok: false, notice: unavailable(keep) };
  try {
    storage.setItem(key, JSON.stringify(value));
    return { ok: true };
  } catch (error) {
    return { ok: false, notice: saveFailure(error, keep) };
  }
}

type Read<T> = { kind: "missing" } | { kind: "ok"; value: T } | { kind: "damaged"; notice: string } | { kind: "unavailable" };

/** Reads and checks one entry; a damaged one is copied to damagedKey(key) first. */
function read<T>(storage: StorageLike | null, key: string, valid: (value: unknown) => value is T, what: string, fallback: string): Read<T> {
  if (!storage) return { kind: "unavailable" };
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch {
    return { kind: "unavailable" };
  }
  if (raw === null) return { kind: "missing" };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  if (valid(value)) return { kind: "ok", value };
  return { kind: "damaged", notice: keepDamaged(storage, key, raw, what, fallback) };
}

function keepDamaged(storage: StorageLike, key: string, raw: string, what: string, fallback: string): string {
  const start = `Your saved ${what} could not be read, so ${fallback}`;
  let aside = damagedKey(key);
  try {
    // An earlier, different damaged copy stays where it is: this one goes next to it.
    const earlier = storage.getItem(aside);
    if (earlier !== null && earlier !== raw) aside = `${aside}:${Date.now()}`;
    if (earlier !== raw) storage.setItem(aside, raw);
    return `${start}; the damaged text is kept in this browser's storage under "${aside}".`;
  } catch {
    return `${start}. The damaged text could not be copied aside (this browser's storage is full or refusing): it stays under "${key}" until you change something.`;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function isDraft(value: unknown): value is StoredDraft {
  return (
    isObject(value) &&
    value.v === 1 &&
    typeof value.source === "string" &&
    typeof value.savedAt === "string" &&
    (value.previous === undefined || typeof value.previous === "string")
  );
}

function isNote(value: unknown): value is StoredNote {
  return isObject(value) && value.v === 1 && typeof value.text === "string" && typeof value.savedAt === "string";
}

/** The stage's draft, or the starting program (with a notice saying why, when it is not just new). */
export function loadDraft(storage: StorageLike | null, stage: number, startingSource: string): LoadedDraft {
  const result = read(storage, draftKey(stage), isDraft, "program", "the editor starts from the starting program");
  switch (result.kind) {
    case "ok":
      return { source: result.value.source, previous: result.value.previous, restored: true };
    case "missing":
      return { source: startingSource, restored: false };
    case "damaged":
      return { source: startingSource, restored: false, notice: result.notice };
    case "unavailable":
      return { source: startingSource, restored: false, notice: unavailable(KEEP_PROGRAM) };
  }
}

export function saveDraft(storage: StorageLike | null, stage: number, draft: DraftState, now = new Date()): SaveResult {
  const stored: StoredDraft = { v: 1, source: draft.source, savedAt: now.toISOString() };
  if (draft.previous !== undefined) stored.previous = draft.previous;
  return write(storage, draftKey(stage), stored, KEEP_PROGRAM);
}

/** Replaces the draft with the starting program, keeping the replaced text for "Undo reset". */
export function resetDraft(storage: StorageLike | null, stage: number, current: DraftState, startingSource: string): DraftState & SaveResult {
  const next: DraftState = { source: startingSource, previous: current.source };
  return { ...next, ...saveDraft(storage, stage, next) };
}

/** Brings back the text the last reset replaced (one step back), if there is one. */
export function undoReset(storage: StorageLike | null, stage: number, current: DraftState): DraftState & SaveResult {
  if (current.previous === undefined) return { ...current, ok: true };
  const next: DraftState = { source: current.previous };
  return { ...next, ...saveDraft(storage, stage, next) };
}

export function loadNote(storage: StorageLike | null, stage: number, taskId: string): { text: string; notice?: string } {
  const result = read(storage, noteKey(stage, taskId), isNote, "findings", "this box starts empty");
  if (result.kind === "ok") return { text: result.value.text };
  if (result.kind === "damaged") return { text: "", notice: result.notice };
  if (result.kind === "unavailable") return { text: "", notice: unavailable(KEEP_NOTE) };
  return { text: "" };
}

export function saveNote(storage: StorageLike | null, stage: number, taskId: string, text: string, now = new Date()): SaveResult {
  return write(storage, noteKey(stage, taskId), { v: 1, text, savedAt: now.toISOString() } satisfies StoredNote, KEEP_NOTE);
}
