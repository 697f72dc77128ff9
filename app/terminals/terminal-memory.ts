// A page's terminals across a reload: which ones were open (their numbers, modes and ids) and the
// text on their screens, kept per run slot in sessionStorage (this tab only, as a reload needs).
// The lab keeps each terminal's connection a while after its page went away: the restored
// terminal takes it back by its id (server/terminals/kept-terminals.ts).
import { z } from "zod";
import type { TerminalMode } from "./line-discipline";

/** A terminal's name for the lab, as the lab checks it (server/terminals/kept-terminals.ts). */
const TERMINAL_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** A new terminal's id: unguessable, and only ever looked up within this browser's session.
 * (getRandomValues, not randomUUID: a lab served over plain http on a LAN is no secure context.) */
export function newTerminalId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Screen text kept per terminal: the newest lines, enough to read back what was said. */
export const KEPT_LINES = 400;
const KEPT_CHARS = 40_000;

const Remembered = z.object({
  panes: z
    .array(
      z.object({
        index: z.number().int().positive(),
        id: z.string().regex(TERMINAL_ID).optional(),
        mode: z.enum(["line", "character"]),
        text: z.string().max(KEPT_CHARS),
      }),
    )
    .max(16),
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

export function rememberTerminals(slot: string, panes: Array<{ index: number; id: string; mode: TerminalMode; lines: string[] }>): void {
  const kept = panes.map((p) => ({ index: p.index, id: p.id, mode: p.mode, text: trimText(p.lines) }));
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
