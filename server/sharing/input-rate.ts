// A joiner's rate of lines and bytes into a classmate's server: two token buckets. A frame that
// would go over either rate is not dropped, it waits (the bridge stops reading that joiner's
// WebSocket meanwhile), as a slow network link would make it wait: nothing typed is lost, and
// one joiner pasting a book cannot flood the program that thirty others share.
import { TokenBucket } from "../sessions/rate-limit";

export interface InputRateLimits {
  linesPerSecond: number;
  bytesPerSecond: number;
  /** How much may go at once after a quiet moment, in seconds of each rate. */
  burstSeconds: number;
}

export class InputRate {
  private readonly lines: TokenBucket;
  private readonly bytes: TokenBucket;

  constructor(limits: InputRateLimits, now: () => number = () => performance.now()) {
    this.lines = new TokenBucket(limits.linesPerSecond, limits.linesPerSecond * limits.burstSeconds, now);
    this.bytes = new TokenBucket(limits.bytesPerSecond, limits.bytesPerSecond * limits.burstSeconds, now);
  }

  /**
   * Charge `data` and say how long (ms) it must wait before it goes: 0 when within both rates.
   * The charge is taken at once, so frames that arrive meanwhile wait behind it.
   */
  take(data: Uint8Array): number {
    let newlines = 0;
    for (const byte of data) if (byte === 0x0a) newlines++;
    // A frame without a newline is part of a line (character mode): it counts as bytes only.
    return Math.ceil(Math.max(this.lines.take(newlines), this.bytes.take(data.length)));
  }
}
