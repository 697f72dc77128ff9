// Starting a program is the costly part of a run (a supervisor, bubblewrap, Python's own start-up),
// and a class tends to press Run in the same second. Started all at once, 200 programs made the
// lab's event loop stall for seconds and every terminal with it, and everyone waited as long as
// the slowest. The gate lets a few start at a time, first come first served, and tells each
// waiting run its place in line, so its page can say so. Checks wait in a gate of their own the
// same way (server/checks/session-checks.ts).

export class StartAborted extends Error {
  constructor() {
    super("stopped before it started");
    this.name = "AbortError";
  }
}

interface Waiter {
  admit: () => void;
  onPlace: (place: number) => void;
  /** The last place told and when, so a run hears only of changes, and far back not too often. */
  told: number;
  toldAt: number;
}

export class StartGate {
  private inside = 0;
  private readonly waiting: Waiter[] = [];

  constructor(readonly capacity: number) {}

  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Resolves with the function that lets the next one in, once this start may go ahead. While it
   * waits, onPlace hears its place in line (1: next to go in).
   * An abort while waiting leaves the queue and rejects with StartAborted.
   */
  enter(onPlace: (place: number) => void = () => {}, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new StartAborted());
    if (this.inside < this.capacity && this.waiting.length === 0) {
      this.inside++;
      return Promise.resolve(this.leaver());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        admit: () => {
          signal?.removeEventListener("abort", abort);
          this.inside++;
          resolve(this.leaver());
        },
        onPlace,
        told: -1,
        toldAt: 0,
      };
      const abort = () => {
        const i = this.waiting.indexOf(waiter);
        if (i < 0) return;
        this.waiting.splice(i, 1);
        this.tellPositions(i);
        reject(new StartAborted());
      };
      signal?.addEventListener("abort", abort, { once: true });
      this.waiting.push(waiter);
      this.tellPositions(this.waiting.length - 1);
    });
  }

  /** A leave function that works once, however often it is called. */
  private leaver(): () => void {
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.inside--;
      while (this.inside < this.capacity && this.waiting.length > 0) this.waiting.shift()!.admit();
      this.tellPositions(0);
    };
  }

  /**
   * Tell waiters from index `from` on their new place. A line of hundreds moves a place every few
   * tens of milliseconds: a run far back hears of it once a second, one among the last ten every time.
   */
  private tellPositions(from: number): void {
    const now = Date.now();
    for (let i = from; i < this.waiting.length; i++) {
      const waiter = this.waiting[i];
      const place = i + 1;
      if (place === waiter.told) continue;
      if (place > 10 && waiter.told !== -1 && now - waiter.toldAt < 1000) continue;
      waiter.told = place;
      waiter.toldAt = now;
      waiter.onPlace(place);
    }
  }
}
