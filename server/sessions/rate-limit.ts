// Rate limits that slow only the sender: past its budget, the lab stops reading that client's
// socket for as long as the budget takes to refill. Its messages wait in its own TCP buffers (the
// browser, or the script, then waits to send), and nobody else's are held up. (A stdin flood at
// full speed took a classmate's keystroke round trip from 2 ms to 700 ms: every message was
// parsed, echoed to the console and forwarded at once.)
import type { LabConfig } from "../config";

/** A token bucket: `perSecond` refilled, up to `burst` held. */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.at = now();
  }

  /** Spend n (the balance may go below zero); the milliseconds until it is back to zero. */
  take(n: number): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.at) / 1000) * this.perSecond) - n;
    this.at = now;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.perSecond) * 1000;
  }

  /** Refilled to its burst: the same as a new bucket, so it may be forgotten. */
  get full(): boolean {
    return this.tokens + (Math.max(0, this.now() - this.at) / 1000) * this.perSecond >= this.burst;
  }
}

/**
 * Pause reading a source for a while; overlapping holds extend to the latest. `paused` names other
 * reasons to stay paused (a full buffer downstream), so a hold's end does not resume over them.
 */
export class ReadHold {
  private until = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly source: { pause(): unknown; resume(): unknown },
    private readonly pausedOtherwise: () => boolean = () => false,
  ) {}

  get held(): boolean {
    return this.timer !== null;
  }

  hold(ms: number): void {
    if (ms <= 0) return;
    const until = performance.now() + ms;
    if (until <= this.until) return;
    this.until = until;
    this.source.pause();
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.pausedOtherwise()) this.source.resume();
    }, ms);
    this.timer.unref();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** A client's budget on its control sockets: messages (3 s worth at once) and bytes (4 s worth). */
export function controlBudget(rates: LabConfig["rates"]): { messages: TokenBucket; bytes: TokenBucket } {
  return {
    messages: new TokenBucket(rates.controlMessagesPerSecond, 3 * rates.controlMessagesPerSecond),
    bytes: new TokenBucket(rates.controlBytesPerSecond, 4 * rates.controlBytesPerSecond),
  };
}
