// What a terminal types, on its way to the program: in order, each frame when its pace allows
// (a joiner's rate of lines and bytes), and never faster than the program reads. While anything
// waits, the WebSocket is not read, so what waits here is at most what one read brought in.
import type { WebSocket } from "ws";

type Item = Buffer | "eof";

export class PacedInput {
  private queue: Array<{ item: Item; at: number }> = [];
  private timer: NodeJS.Timeout | null = null;
  /** The program's socket buffer is full: wait for it to drain. */
  private full = false;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly pace: ((bytes: Buffer) => number) | undefined,
    private readonly write: (bytes: Buffer) => boolean,
    private readonly end: () => void,
  ) {}

  push(item: Item): void {
    if (this.closed) return;
    const wait = item === "eof" || !this.pace ? 0 : this.pace(item);
    if (wait === 0 && this.queue.length === 0 && !this.full) return this.deliver(item);
    // Behind what waits already, in order: a later frame never overtakes an earlier one.
    this.queue.push({ item, at: Date.now() + wait });
    this.ws.pause();
    this.schedule();
  }

  /** The program has read what was written: go on. */
  drained(): void {
    this.full = false;
    this.schedule();
  }

  close(): void {
    this.closed = true;
    this.queue = [];
    if (this.timer) clearTimeout(this.timer);
  }

  private deliver(item: Item): void {
    if (item === "eof") return this.end();
    if (!this.write(item)) {
      // The program reads slower than the student pastes: stop reading the browser until it catches up.
      this.full = true;
      this.ws.pause();
    }
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    while (!this.full && this.queue.length > 0 && this.queue[0]!.at <= Date.now()) this.deliver(this.queue.shift()!.item);
    if (this.full) return;
    if (this.queue.length === 0) return void this.ws.resume();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.schedule();
    }, this.queue[0]!.at - Date.now());
  }
}
