"use client";
// The workbench's pane sizes and which panes are folded away, remembered in this browser for
// every exercise (a student sets it up once). Sizes are fractions, so a window that changes size
// keeps its proportions.
import { useCallback, useEffect, useState } from "react";
import { z } from "zod";

const KEY = "lab.workbench.v1";

export const PaneName = z.enum(["text", "top", "bottom"]);
export type PaneName = z.infer<typeof PaneName>;

export const PaneLayout = z.object({
  /** The exercise text's share of the width. */
  text: z.number().min(0.18).max(0.7),
  /** The editor's share of the right-hand column's height. */
  top: z.number().min(0.15).max(0.85),
  folded: z.object({ text: z.boolean(), top: z.boolean(), bottom: z.boolean() }),
});
export type PaneLayout = z.infer<typeof PaneLayout>;

export const DEFAULT_LAYOUT: PaneLayout = { text: 0.34, top: 0.44, folded: { text: false, top: false, bottom: false } };

export const clampShare = (name: "text" | "top", value: number) => {
  const range = name === "text" ? [0.18, 0.7] : [0.15, 0.85];
  return Math.min(range[1], Math.max(range[0], value));
};

function readLayout(): PaneLayout {
  try {
    const parsed = PaneLayout.safeParse(JSON.parse(window.localStorage.getItem(KEY) ?? "null"));
    return parsed.success ? parsed.data : DEFAULT_LAYOUT;
  } catch {
    return DEFAULT_LAYOUT;
  }
}

export function usePaneLayout() {
  const [layout, setLayout] = useState<PaneLayout>(DEFAULT_LAYOUT);
  useEffect(() => setLayout(readLayout()), []);
  const update = useCallback((change: (before: PaneLayout) => PaneLayout) => {
    setLayout((before) => {
      const next = change(before);
      try {
        window.localStorage.setItem(KEY, JSON.stringify(next));
      } catch {
        // storage full or blocked: the layout holds until the page is left
      }
      return next;
    });
  }, []);
  const resize = useCallback((name: "text" | "top", share: number) => update((l) => ({ ...l, [name]: clampShare(name, share) })), [update]);
  const fold = useCallback((name: PaneName, folded: boolean) => update((l) => ({ ...l, folded: { ...l.folded, [name]: folded } })), [update]);
  return { layout, resize, fold };
}
