// New sessions and new students per network address and minute. Both cost nothing to make, and a
// share per client is worth nothing if a script can make clients at will: this bounds how many a
// single address makes. A classroom behind NAT is one address for everyone, so the limits are
// settings, generous by default (a class of 120 arriving in the same minute), and what is counted
// is only what is new (a browser coming back with its cookie, or a student continuing with their
// personal code, is no arrival).

const MINUTE_MS = 60_000;

export class ArrivalLimit {
  /** Per address, when each arrival of the last minute came (at most perMinute of them). */
  private readonly recent = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether `address` may make one more now; if so, it is counted. */
  admit(address: string): boolean {
    const now = this.now();
    this.sweep(now);
    const times = (this.recent.get(address) ?? []).filter((t) => now - t < MINUTE_MS);
    if (times.length >= this.perMinute) {
      this.recent.set(address, times);
      return false;
    }
    times.push(now);
    this.recent.set(address, times);
    return true;
  }

  /** Seconds until `address` may make one more (for the message). */
  waitSeconds(address: string): number {
    const oldest = this.recent.get(address)?.[0];
    return oldest === undefined ? 0 : Math.max(1, Math.ceil((oldest + MINUTE_MS - this.now()) / 1000));
  }

  /** Forget addresses quiet for a minute, at most once a minute (many addresses must not grow the map). */
  private sweep(now: number): void {
    if (now - this.lastSweep < MINUTE_MS) return;
    this.lastSweep = now;
    for (const [address, times] of this.recent) if (now - times[times.length - 1]! >= MINUTE_MS) this.recent.delete(address);
  }
}
