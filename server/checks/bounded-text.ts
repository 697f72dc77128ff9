// Text from a student's program, kept within a budget: the program decides how much it sends, the
// lab decides how much it keeps. A report quotes a bounded excerpt and says how much more there was.

/** "312 bytes", "48 KB", "5.2 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1000) return `${bytes} byte${bytes === 1 ? "" : "s"}`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** At most `max` characters of `text`, quoted as JSON, and how much was left out: `"xxxx…" and 5.2 MB more`. */
export function excerpt(text: string, max = 160): string {
  if (text.length <= max) return JSON.stringify(text);
  const rest = Buffer.byteLength(text.slice(max));
  return `${JSON.stringify(text.slice(0, max))}… and ${sizeText(rest)} more`;
}

/**
 * The beginning and the end of a stream of text (a program's stderr): a traceback's first lines
 * and the last ones are what a student reads; whatever came between is counted, not kept.
 */
export class BoundedText {
  private head = "";
  private tail = "";
  /** Characters seen in all, kept or not. */
  total = 0;

  constructor(
    private readonly headChars: number,
    private readonly tailChars: number,
  ) {}

  append(text: string): void {
    this.total += text.length;
    const room = this.headChars - this.head.length;
    if (room > 0) {
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    if (!text) return;
    this.tail = (this.tail + text).slice(-this.tailChars);
  }

  get dropped(): number {
    return this.total - this.head.length - this.tail.length;
  }

  /** Everything kept, with a line saying how much was left out between the head and the tail. */
  text(): string {
    if (!this.dropped) return this.head + this.tail;
    // Resume the tail at a line start, so the lines shown are whole.
    const nl = this.tail.indexOf("\n");
    const tail = nl >= 0 && nl < 200 ? this.tail.slice(nl + 1) : this.tail;
    return `${this.head}\n… (${sizeText(this.dropped + this.tail.length - tail.length)} left out) …\n${tail}`;
  }
}
