// A line with a few places inside (starts in flight, checks running), served in turn per client
// rather than first come first served: a dozen sessions queueing slow checks made a classmate wait
// 55 s for a 0.8 s check. Each entry carries a turn number (start-time fair queueing's tag): one
// more than the last turn its client was given, and never behind the turn being served now. The
// line is kept in turn order (arrival order breaks ties), so a client with twenty waiting goes once
// per round, and a client with nothing in line goes in the round being served now, ahead of the
// second entries of everyone else.
// The last free place goes only to a client with nothing inside: otherwise one client (a dozen
// scripted sessions of one address) filled every place with slow checks and a classmate arriving
// next waited out a whole check, 8.5 s on a quiet machine, before its turn could come.
// Each waiter hears its place, so its page can say "number 3 in line".

export class LineAborted extends Error {
  constructor() {
    super("stopped before it started");
    this.name = "AbortError";
  }
}

interface Waiter {
  client: string;
  turn: number;
  admit: () => void;
  onPlace: (place: number) => void;
  /** The last place told and when, so a waiter hears only of changes, and far back not too often. */
  told: number;
  toldAt: number;
}

export class FairLine {
  private inside = 0;
  /** Places each client holds inside now. */
  private readonly held = new Map<string, number>();
  /** In the order they will go in. */
  private readonly waiting: Waiter[] = [];
  /** The turn of the last one let in: a newcomer's turn is never behind it. */
  private turnNow = 0;
  /** The last turn given to each client that may still matter (at or past turnNow). */
  private readonly lastTurn = new Map<string, number>();

  /**
   * `room` says whether something outside the line has a place too (the lab's run limit, for
   * checks); when it changes from outside, call `letIn`.
   */
  constructor(
    readonly capacity: number,
    private readonly room: () => boolean = () => true,
  ) {}

  get queued(): number {
    return this.waiting.length;
  }

  /** Inside now (running checks, starts in flight). */
  get admitted(): number {
    return this.inside;
  }

  /**
   * Resolves with the function that lets the next one in, once this one may go ahead. While it
   * waits, onPlace hears its place in line (1: next to go in). An abort while waiting leaves the
   * line and rejects with LineAborted.
   */
  enter(client: string, onPlace: (place: number) => void = () => {}, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new LineAborted());
    const last = this.lastTurn.get(client);
    const turn = last === undefined ? this.turnNow : Math.max(this.turnNow, last + 1);
    this.lastTurn.set(client, turn);
    // Straight in when there is room for it and for none of those waiting (they wait only because
    // the last place is kept for a client with nothing inside, as this one may be).
    if (this.hasRoomFor(client) && this.waiting.every((w) => !this.hasRoomFor(w.client))) {
      this.goIn(client, turn);
      return Promise.resolve(this.leaver(client));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        client,
        turn,
        admit: () => {
          signal?.removeEventListener("abort", abort);
          this.goIn(client, turn);
          resolve(this.leaver(client));
        },
        onPlace,
        told: -1,
        toldAt: 0,
      };
      const abort = () => {
        const i = this.waiting.indexOf(waiter);
        if (i < 0) return;
        this.waiting.splice(i, 1);
        // Its turn is given back: a client that leaves the line does not lose a round for it.
        const others = this.waiting.filter((w) => w.client === client).map((w) => w.turn);
        if (others.length > 0) this.lastTurn.set(client, Math.max(...others));
        else this.lastTurn.delete(client);
        this.tellPlaces(i);
        reject(new LineAborted());
      };
      signal?.addEventListener("abort", abort, { once: true });
      // After every waiter of a turn up to its own: same turn, earlier arrival goes first.
      let at = this.waiting.length;
      while (at > 0 && this.waiting[at - 1]!.turn > waiter.turn) at--;
      this.waiting.splice(at, 0, waiter);
      this.tellPlaces(at);
    });
  }

  /** Let in whoever fits now: after a leave, or when the room outside changed (a run ended). */
  letIn(): void {
    let moved = -1;
    for (let i = 0; i < this.waiting.length && this.hasRoom(); ) {
      if (!this.hasRoomFor(this.waiting[i]!.client)) {
        i++; // the last place is kept for a client with nothing inside
        continue;
      }
      this.waiting.splice(i, 1)[0]!.admit();
      if (moved < 0) moved = i;
    }
    if (moved >= 0) this.tellPlaces(moved);
  }

  private goIn(client: string, turn: number): void {
    this.inside++;
    this.held.set(client, (this.held.get(client) ?? 0) + 1);
    this.turnNow = Math.max(this.turnNow, turn);
    // A client whose last turn is behind the one served now would get turnNow anyway.
    for (const [client, last] of this.lastTurn) if (last < this.turnNow) this.lastTurn.delete(client);
  }

  private hasRoom(): boolean {
    return this.inside < this.capacity && this.room();
  }

  private hasRoomFor(client: string): boolean {
    return this.hasRoom() && (this.capacity - this.inside > 1 || !this.held.get(client));
  }

  /** A leave function that works once, however often it is called. */
  private leaver(client: string): () => void {
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.inside--;
      const held = (this.held.get(client) ?? 1) - 1;
      if (held > 0) this.held.set(client, held);
      else this.held.delete(client);
      this.letIn();
      // Idle: no turn given so far still matters (a client served an hour ago is not a round ahead).
      if (this.inside === 0 && this.waiting.length === 0) this.lastTurn.clear();
    };
  }

  /**
   * Tell waiters from index `from` on their new place. A line of hundreds moves a place every few
   * tens of milliseconds: a waiter far back hears of it once a second, one among the first ten every time.
   */
  private tellPlaces(from: number): void {
    const now = Date.now();
    for (let i = from; i < this.waiting.length; i++) {
      const waiter = this.waiting[i]!;
      const place = i + 1;
      if (place === waiter.told) continue;
      if (place > 10 && waiter.told !== -1 && now - waiter.toldAt < 1000) continue;
      waiter.told = place;
      waiter.toldAt = now;
      waiter.onPlace(place);
    }
  }
}
