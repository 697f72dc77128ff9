// Terminals whose page went away without closing them (a reload): their TCP connections stay open
// for a short while, so the student's program sees no client leave and join again, and the page
// that comes back takes its terminal over by the id it kept (terminal-memory.ts in the browser).
// Bounded: a few per session, each for `keepMs`; past either, the connection ends as before.
import type { Run } from "../runs/run";
import type { Session } from "../sessions/session";
import type { TerminalLink } from "./terminal-bridge";

/** A terminal's id as the page makes it (crypto.randomUUID, or anything as unguessable). */
export const TERMINAL_ID = /^[A-Za-z0-9_-]{16,64}$/;

interface Kept {
  link: TerminalLink;
  timer: NodeJS.Timeout;
}

export class KeptTerminals {
  private readonly bySession = new WeakMap<Session, Map<string, Kept>>();

  constructor(private readonly limits: { perSession: number; keepMs: number }) {}

  /** Keep `link` for the session's page to take back; false when it may not (none kept, or too many). */
  keep(session: Session, terminalId: string, link: TerminalLink): boolean {
    if (this.limits.keepMs <= 0 || !link.open) return false;
    let kept = this.bySession.get(session);
    if (!kept) this.bySession.set(session, (kept = new Map()));
    kept.get(terminalId)?.link.end();
    if (kept.size >= this.limits.perSession) return false;
    const entry: Kept = { link, timer: setTimeout(() => link.end(), this.limits.keepMs) };
    entry.timer.unref();
    kept.set(terminalId, entry);
    link.onGone(() => {
      clearTimeout(entry.timer);
      if (kept.get(terminalId) === entry) kept.delete(terminalId);
    });
    return true;
  }

  /** The kept connection of this terminal to this run and port, no longer kept; undefined when there is none. */
  take(session: Session, terminalId: string, run: Run, port: number): TerminalLink | undefined {
    const kept = this.bySession.get(session);
    const entry = kept?.get(terminalId);
    if (!entry) return undefined;
    kept!.delete(terminalId);
    clearTimeout(entry.timer);
    // The page comes back to another program (Restart meanwhile): this connection is of no use.
    if (entry.link.run !== run || entry.link.port !== port || !entry.link.open) {
      entry.link.end();
      return undefined;
    }
    return entry.link;
  }

  has(session: Session, terminalId: string): boolean {
    return this.bySession.get(session)?.has(terminalId) ?? false;
  }
}
