// What a run's trace sends to its pages: at most PAGE_EVENTS_PER_SECOND, so a program that emits
// tens of thousands a second (a stress test) cannot flood a page's socket; past it, a sample (the
// first of each batch) goes, and the status says how many were not sent.
import type { TraceEvent, TraceStatus } from "../../shared/trace-events";

export const PAGE_EVENTS_PER_SECOND = 5_000;
/** A page that (re)connects gets at most this many of the newest events. */
export const PAGE_SNAPSHOT = 5_000;
/**
 * Events in one run.trace message: a page parses a message in one task, so one of thousands (a
 * batch when the lab's timer ran late under load, a page's snapshot) held its main thread for
 * several frames; in parts, it draws between them.
 */
export const PAGE_MESSAGE_EVENTS = 250;

/** `events` in parts of at most PAGE_MESSAGE_EVENTS (one empty part for none: the status still goes). */
export function inParts(events: TraceEvent[]): TraceEvent[][] {
  const parts: TraceEvent[][] = [];
  for (let i = 0; i < events.length; i += PAGE_MESSAGE_EVENTS) parts.push(events.slice(i, i + PAGE_MESSAGE_EVENTS));
  return parts.length ? parts : [events];
}

export class PageFeed {
  private second = 0;
  private sent = 0;
  private notSent = 0;

  /** The part of a batch that goes to pages, and the status to send with it. */
  take(batch: TraceEvent[], status: TraceStatus, now = Date.now()): { events: TraceEvent[]; status: TraceStatus } {
    const second = Math.floor(now / 1000);
    if (second !== this.second) {
      this.second = second;
      this.sent = 0;
    }
    const room = Math.max(0, PAGE_EVENTS_PER_SECOND - this.sent);
    const events = batch.length <= room ? batch : batch.slice(0, room);
    this.sent += events.length;
    this.notSent += batch.length - events.length;
    return { events, status: this.notSent ? { ...status, notSent: this.notSent } : status };
  }
}
