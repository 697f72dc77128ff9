// The load scenarios' bookkeeping of a chat: every line typed in a room must reach every other
// member of that room exactly once. Each line carries its own id (`<tag><room>.<member>.<seq> text`),
// so a line that arrives in another room, back at its sender, or garbled counts as foreign.
import { byLine } from "../support/line-client";
import type { Terminal } from "../support/terminal";
import { sleep } from "../support/stats";

export interface Delivery {
  /** When the line was typed (performance.now()). */
  sentAt: number;
  /** Enter pressed → the line complete at a member, ms. */
  ms: number;
}

/** What a chat's bookkeeping found, as both load scenarios report it. */
export interface ChatTally {
  linesTyped: number;
  deliveriesExpected: number;
  delivered: number;
  /** Line ids expected at a terminal that never arrived there (up to 50). */
  missing: string[];
  /** Text that arrived and was no line this terminal's classmates typed (another room's, or garbled). */
  foreign: string[];
  duplicates: number;
}

export class ChatLedger {
  private readonly line: RegExp;
  private readonly sentAt = new Map<string, number>();
  /** Member key ("room.member") → the line ids it must receive, and those it did. */
  private readonly expected = new Map<string, Set<string>>();
  private readonly arrived = new Map<string, Set<string>>();
  readonly deliveries: Delivery[] = [];
  /** Up to 20 lines that were no line of this member's room-mates. */
  readonly foreign: string[] = [];
  duplicates = 0;
  linesTyped = 0;

  /** `tag`: a letter that starts every line; `filler`: the words after the id (lower case and spaces). */
  constructor(
    private readonly tag: string,
    private readonly filler: string,
  ) {
    this.line = new RegExp(`^${tag}(\\d+)\\.(\\d+)\\.(\\d+) [a-z ]+$`);
  }

  /** A room's members: what arrives at each is checked against the ledger. */
  join(room: number, members: Terminal[]): void {
    members.forEach((terminal, member) => {
      const key = `${room}.${member}`;
      const seen = new Set<string>();
      this.expected.set(key, new Set());
      this.arrived.set(key, seen);
      terminal.onData = byLine((line, now) => {
        const m = this.line.exec(line);
        const id = m ? `${m[1]}.${m[2]}.${m[3]}` : "";
        if (!m || Number(m[1]) !== room || Number(m[2]) === member || !this.sentAt.has(id)) {
          if (this.foreign.length < 20) this.foreign.push(`${key} got ${JSON.stringify(line.slice(0, 80))}`);
        } else if (seen.has(id)) this.duplicates++;
        else {
          seen.add(id);
          this.deliveries.push({ sentAt: this.sentAt.get(id)!, ms: now - this.sentAt.get(id)! });
        }
      });
    });
  }

  /**
   * Every member of every room types a line about every `intervalMs` (±50%), from a random moment
   * in the first interval on, until `chatting()` turns false; resolves when all have stopped.
   */
  chat(rooms: Terminal[][], intervalMs: number, chatting: () => boolean): Promise<void> {
    const typists = rooms.flatMap((members, room) =>
      members.map(async (terminal, member) => {
        let seq = 0;
        await sleep(Math.random() * intervalMs);
        while (chatting()) {
          const id = `${room}.${member}.${seq++}`;
          for (let other = 0; other < members.length; other++) if (other !== member) this.expected.get(`${room}.${other}`)!.add(id);
          this.sentAt.set(id, performance.now());
          terminal.send(`${this.tag}${id} ${this.filler.slice(0, 10 + (seq % 30))}\r\n`);
          this.linesTyped++;
          await sleep(intervalMs * (0.5 + Math.random()));
        }
      }),
    );
    return Promise.all(typists).then(() => {});
  }

  get deliveriesExpected(): number {
    return [...this.expected.values()].reduce((n, ids) => n + ids.size, 0);
  }

  /** Lines still on their way arrive within moments: wait for them (at most 10 s). */
  async settle(): Promise<void> {
    for (let i = 0; i < 100 && this.deliveries.length < this.deliveriesExpected; i++) await sleep(100);
  }

  /** Up to 50 deliveries that never came, as "line id → member". */
  missing(): string[] {
    const missing: string[] = [];
    for (const [key, ids] of this.expected) for (const id of ids) if (!this.arrived.get(key)!.has(id) && missing.length < 50) missing.push(`${id} → ${key}`);
    return missing;
  }

  tally(): ChatTally {
    const { linesTyped, deliveriesExpected, foreign, duplicates } = this;
    return { linesTyped, deliveriesExpected, delivered: this.deliveries.length, missing: this.missing(), foreign, duplicates };
  }
}
