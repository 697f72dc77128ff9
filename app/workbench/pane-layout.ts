"use client";
// The workbench's pane sizes and which panes are folded away, remembered in this browser for
// every exercise (a student sets it up once). Sizes are fractions, so a window that changes size
// keeps its proportions. One layout for the whole page: every component that folds a pane (the
// workbench's own panes, "Inside the server" beside the run pane) reads and changes the same one,
// so none writes back a stale copy over another's change.
import { useCallback, useSyncExternalStore } from "react";
import { z } from "zod";

const KEY = "lab.workbench.v1";
/** Where "Inside the server" kept whether it was open before it joined this layout ("1": open). */
const OLD_INSIDE_KEY = "lab.inside.open";

export const PaneName = z.enum(["text", "top", "bottom"]);
export type PaneName = z.infer<typeof PaneName>;
/** What folds: the three panes, and "Inside the server" beside the run pane. */
export type FoldName = PaneName | "inside";

export const PaneLayout = z.object({
  /** The exercise text's share of the width. */
  text: z.number().min(0.18).max(0.7),
  /** The editor's share of the right-hand column's height. */
  top: z.number().min(0.15).max(0.85),
  /** "Inside the server" starts folded to a strip: open, it takes half the run row, and at 1366 px the terminals need that width. */
  folded: z.object({ text: z.boolean(), top: z.boolean(), bottom: z.boolean(), inside: z.boolean().optional() }),
});
export type PaneLayout = z.infer<typeof PaneLayout>;

export const DEFAULT_LAYOUT: PaneLayout = { text: 0.34, top: 0.44, folded: { text: false, top: false, bottom: false, inside: true } };

export const clampShare = (name: "text" | "top", value: number) => {
  const range = name === "text" ? [0.18, 0.7] : [0.15, 0.85];
  return Math.min(range[1], Math.max(range[0], value));
};

type Storage = Pick<globalThis.Storage, "getItem" | "setItem">;

/** The remembered layout; a layout from before "inside" was part of it takes the old key's answer. */
export function readLayout(storage: Storage): PaneLayout {
  try {
    const parsed = PaneLayout.safeParse(JSON.parse(storage.getItem(KEY) ?? "null"));
    const layout = parsed.success ? parsed.data : DEFAULT_LAYOUT;
    if (layout.folded.inside !== undefined) return layout;
    return { ...layout, folded: { ...layout.folded, inside: storage.getItem(OLD_INSIDE_KEY) !== "1" } };
  } catch {
    return DEFAULT_LAYOUT;
  }
}

export function writeLayout(storage: Storage, layout: PaneLayout): void {
  try {
    storage.setItem(KEY, JSON.stringify(layout));
  } catch {
    // storage full or blocked: the layout holds until the page is left
  }
}

// The page's one layout, read from localStorage at the first render in the browser.
let current: PaneLayout | null = null;
const listeners = new Set<() => void>();

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // refused (private mode, settings): a layout for this page only
  }
}

function snapshot(): PaneLayout {
  if (!current) {
    const store = storage();
    current = store ? readLayout(store) : DEFAULT_LAYOUT;
  }
  return current;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function update(change: (before: PaneLayout) => PaneLayout): void {
  current = change(snapshot());
  const store = storage();
  if (store) writeLayout(store, current);
  for (const listener of listeners) listener();
}

export function usePaneLayout() {
  // The server renders the default layout; the browser's remembered one follows at hydration.
  const layout = useSyncExternalStore(subscribe, snapshot, () => DEFAULT_LAYOUT);
  const resize = useCallback((name: "text" | "top", share: number) => update((l) => ({ ...l, [name]: clampShare(name, share) })), []);
  const fold = useCallback((name: FoldName, folded: boolean) => update((l) => ({ ...l, folded: { ...l.folded, [name]: folded } })), []);
  return { layout, resize, fold };
}
