"use client";
// The editor's text as kept in the browser: loaded after mount (the server has no localStorage),
// saved ~300 ms after typing pauses and at once when the page is hidden, left or unmounted
// (client-side navigation to another exercise fires no pagehide). Reset keeps the replaced text
// (or replaced by the student's version of the exercise before) as `previous`, saved along with
// every later change, so "Undo reset" survives reloads.
// The caller remounts this per stage (key={stage}), so `stage` never changes underneath it; the
// starting program may (the instructor released or hid an earlier answer): text still equal to
// the old one becomes the new one, unsaved and not undoable (the old one may be hidden now); the
// student's own text is left alone.
import { useCallback, useEffect, useRef, useState } from "react";
import { createDebouncedSaver, flushWhenPageHides, type DebouncedSaver } from "@/app/drafts/debounced-saver";
import { keepVersion, onOtherText, workChanged, workTyping } from "@/app/class/class-client";
import { browserStorage, loadDraft, saveDraft, type DraftState } from "@/app/drafts/draft-store";

/** A pause in typing this long keeps a version in the History (shorter pauses only save). */
const HISTORY_PAUSE_MS = 5000;

export interface Draft {
  /** False until the saved draft has been read (the first render on the client, and the server). */
  loaded: boolean;
  /** The latest text; a ref so typing does not re-render the page. */
  source: { readonly current: string };
  /** Whether the text is the starting program (so "Reset" has nothing to do). */
  atStart: boolean;
  /** After the starting program changed: whether the text followed it (it was the old one), or was the student's and stayed. */
  followed?: boolean;
  /** Whether the text was restored from an earlier visit. */
  restored: boolean;
  /** The text the last reset replaced, when there is one. */
  previous?: string;
  /** Why the saved draft was not used, and why the last save failed; empty when all is well. */
  notices: string[];
  savedAt?: Date;
  change(source: string): void;
  reset(): string;
  /** Like reset, to other text (the student's version of the exercise before): undoable the same way. */
  replace(text: string): string;
  undoReset(): string | undefined;
  /** Whether the text differs from what the last reset or replace put there (so an undo would lose typing). */
  changedSinceReset(): boolean;
  dismissNotice(notice: string): void;
}

/**
 * onOtherText: another tab or computer of the same student saved this exercise's program and this
 * page had no unsaved changes: the caller puts the text in the editor (which calls change with it).
 */
export function useDraft(
  stage: number,
  startingSource: string,
  onSourceChange?: (source: string) => void,
  onOtherTextArrived?: (source: string, fresh?: "fresh") => void,
): Draft {
  const source = useRef(startingSource);
  const starting = useRef(startingSource);
  const previous = useRef<string | undefined>(undefined);
  /** The text the last reset or replace put in the editor (the starting program until then). */
  const placed = useRef(startingSource);
  const saver = useRef<DebouncedSaver<DraftState> | null>(null);
  const notify = useRef(onSourceChange);
  notify.current = onSourceChange;
  const arrived = useRef(onOtherTextArrived);
  arrived.current = onOtherTextArrived;
  /** Text that came from the lab, or a new starting program: putting it in the editor must not save it. */
  const fromLab = useRef<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [atStart, setAtStart] = useState(true);
  const [followed, setFollowed] = useState<boolean | undefined>(undefined);
  const [restored, setRestored] = useState(false);
  const [previousShown, setPreviousShown] = useState<string | undefined>(undefined);
  const [loadNotice, setLoadNotice] = useState<string | undefined>(undefined);
  const [saveNotice, setSaveNotice] = useState<string | undefined>(undefined);
  const [savedAt, setSavedAt] = useState<Date | undefined>(undefined);

  useEffect(() => {
    const draft = loadDraft(browserStorage(), stage, starting.current);
    source.current = draft.source;
    previous.current = draft.previous;
    setAtStart(draft.source === starting.current);
    setRestored(draft.restored);
    setPreviousShown(draft.previous);
    setLoadNotice(draft.notice);
    setLoaded(true);
    notify.current?.(draft.source);

    const pause = createDebouncedSaver<string>((text) => keepVersion(stage, "draft", text, "pause"), HISTORY_PAUSE_MS);
    const active = createDebouncedSaver<DraftState>((state) => {
      const result = saveDraft(browserStorage(), stage, state);
      setSaveNotice(result.notice);
      if (result.ok) setSavedAt(new Date());
      workChanged(stage, "draft", state.source);
      pause.schedule(state.source);
    }, 300);
    saver.current = active;
    const stopListening = flushWhenPageHides(active.flush);
    const stopHearing = onOtherText((exercise, item, text) => {
      // Typing here waits to be saved: it is not overwritten (its save keeps the other text in the History).
      if (exercise !== stage || item !== "draft" || text === source.current || active.pending) return;
      fromLab.current = text;
      source.current = text;
      setAtStart(text === starting.current);
      notify.current?.(text);
      arrived.current?.(text);
    });
    return () => {
      stopListening();
      stopHearing();
      active.flush();
      pause.flush();
      saver.current = null;
    };
  }, [stage]);

  useEffect(() => {
    const before = starting.current;
    if (before === startingSource) return;
    starting.current = startingSource;
    if (placed.current === before) placed.current = startingSource;
    if (source.current !== before) {
      setFollowed(false);
      setAtStart(source.current === startingSource);
      return;
    }
    // Not saved: the student's draft stays what they wrote (none), and no copy of a program the
    // instructor may hide again goes to this browser's storage or the lab.
    fromLab.current = startingSource;
    source.current = startingSource;
    setFollowed(true);
    setAtStart(true);
    notify.current?.(startingSource);
    arrived.current?.(startingSource, "fresh");
  }, [startingSource]);

  const store = useCallback(
    (text: string, now = false) => {
      if (fromLab.current !== null && text === fromLab.current) {
        fromLab.current = null;
        return; // the lab's own text, already kept here and there
      }
      source.current = text;
      setAtStart(text === starting.current);
      notify.current?.(text);
      if (!saver.current?.pending) workTyping(stage, "draft");
      saver.current?.schedule({ source: text, previous: previous.current });
      if (now) saver.current?.flush();
    },
    [stage],
  );

  const replace = useCallback(
    (text: string) => {
      previous.current = source.current;
      setPreviousShown(previous.current);
      placed.current = text;
      store(text, true);
      return text;
    },
    [store],
  );
  const reset = useCallback(() => replace(starting.current), [replace]);
  const changedSinceReset = useCallback(() => source.current !== placed.current, []);

  const undoReset = useCallback(() => {
    const back = previous.current;
    if (back === undefined) return undefined;
    previous.current = undefined;
    setPreviousShown(undefined);
    store(back, true);
    return back;
  }, [store]);

  return {
    loaded,
    source,
    atStart,
    followed,
    restored,
    previous: previousShown,
    notices: [loadNotice, saveNotice].filter((n): n is string => n !== undefined),
    savedAt,
    change: store,
    reset,
    replace,
    changedSinceReset,
    undoReset,
    dismissNotice: useCallback((notice: string) => {
      setLoadNotice((n) => (n === notice ? undefined : n));
      setSaveNotice((n) => (n === notice ? undefined : n));
    }, []),
  };
}
