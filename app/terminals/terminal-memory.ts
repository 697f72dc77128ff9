// A page's terminals across a reload: which ones were open (their numbers and modes) and the
// text on their screens, kept per run slot in sessionStorage (this tab only, as a reload needs).
// The connections themselves end with the page; the restored terminals connect again.
import { z } from "zod";
import type { TerminalMode } from "./line-discipline";

/** Screen text kept per terminal: the newest lines, enough to read back what was said. */
export const KEPT_LINES = 400;
const KEPT_CHARS = 40_000;

const Remembered = z.object({
  panes: z.array(z.object({ index: z.number().int().positive(), mode: z.enum(["line", "character"]), text: z.string().max(KEPT_CHARS) })).max(16),
});
export type RememberedPane = z.infer<typeof Remembered>["panes"][number];

const key = (slot: string) => `lab.terminals.${slot}`;

function store(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null;
  }
}

export function recallTerminals(slot: string): RememberedPane[] {
  try {
    const parsed = Remembered.safeParse(JSON.parse(store()?.getItem(key(slot)) ?? "null"));
    return parsed.success ? parsed.data.panes : [];
  } catch {
    return [];
  }
}

export function rememberTerminals(slot: string, panes: Array<{ index: number; mode: TerminalMode; lines: string[] }>): void {
  const kept = panes.map((p) => ({ index: p.index, mode: p.mode, text: trimText(p.lines) }));
  try {
    if (kept.length) store()?.setItem(key(slot), JSON.stringify({ panes: kept }));
    else store()?.removeItem(key(slot));
  } catch {
    // storage full or blocked: the terminals start empty after a reload
  }
}

/** The last KEPT_LINES lines, without the empty rows below the cursor, at most KEPT_CHARS. */
export function trimText(lines: string[]): string {
  let end = lines.length;
  while (end > 0 && lines[end - 1].trim() === "") end--;
  const text = lines.slice(Math.max(0, end - KEPT_LINES), end).join("\n");
  return text.length > KEPT_CHARS ? text.slice(text.length - KEPT_CHARS) : text;
}
