// A joiner's rate of lines and bytes into a classmate's server: two token buckets. A frame that
// would go over either rate is not dropped, it waits (the bridge stops reading that joiner's
// WebSocket meanwhile), as a slow network link would make it wait: nothing typed is lost, and
// one joiner pasting a book cannot flood the program that thirty others share.

export interface InputRateLimits {
  linesPerSecond: number;
  bytesPerSecond: number;
  /** How much may go at once after a quiet moment, in seconds of each rate. */
  burstSeconds: number;
}

export class InputRate {
  private lines: number;
  private bytes: number;
  private at: number;

  constructor(
    private readonly limits: InputRateLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.lines = limits.linesPerSecond * limits.burstSeconds;
    this.bytes = limits.bytesPerSecond * limits.burstSeconds;
    this.at = now();
  }

  /**
   * Charge `data` and say how long (ms) it must wait before it goes: 0 when within both rates.
   * The charge is taken at once, so frames that arrive meanwhile wait behind it.
   */
  take(data: Uint8Array): number {
    const now = this.now();
    const { linesPerSecond, bytesPerSecond, burstSeconds } = this.limits;
    const elapsed = Math.max(0, now - this.at) / 1000;
    this.at = now;
    this.lines = Math.min(linesPerSecond * burstSeconds, this.lines + elapsed * linesPerSecond);
    this.bytes = Math.min(bytesPerSecond * burstSeconds, this.bytes + elapsed * bytesPerSecond);
    let newlines = 0;
    for (const byte of data) if (byte === 0x0a) newlines++;
    // A frame without a newline is part of a line (character mode): it counts as bytes only.
    this.lines -= newlines;
    this.bytes -= data.length;
    const lineWait = this.lines < 0 ? -this.lines / linesPerSecond : 0;
    const byteWait = this.bytes < 0 ? -this.bytes / bytesPerSecond : 0;
    return Math.ceil(Math.max(lineWait, byteWait) * 1000);
  }
}
