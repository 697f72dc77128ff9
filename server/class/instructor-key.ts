// The instructor's key: LAB_INSTRUCTOR_KEY, or a random one made at first start and kept in the
// data folder (so the link printed yesterday still works). Guessing it is slowed: every wrong key
// waits a second, and an address with 5 wrong keys in a minute is refused for that minute.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const WRONG_KEY_DELAY_MS = 1000;
const WRONG_KEYS_ALLOWED = 5;
const WRONG_KEY_WINDOW_MS = 60_000;

export function instructorKey(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, "instructor-key");
  if (!existsSync(file)) writeFileSync(file, randomBytes(18).toString("base64url") + "\n", { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

export class KeyCheck {
  private readonly wrong = new Map<string, { count: number; since: number }>();

  constructor(private readonly key: string) {}

  /** True for the right key; a wrong one (or a blocked address) answers false after a delay. */
  async check(given: string | undefined, address: string): Promise<boolean> {
    const now = Date.now();
    const entry = this.wrong.get(address);
    const blocked = entry !== undefined && now - entry.since < WRONG_KEY_WINDOW_MS && entry.count >= WRONG_KEYS_ALLOWED;
    const a = Buffer.from(given ?? "");
    const b = Buffer.from(this.key);
    if (!blocked && a.length === b.length && timingSafeEqual(a, b)) return true;
    const current = entry && now - entry.since < WRONG_KEY_WINDOW_MS ? entry : { count: 0, since: now };
    current.count++;
    this.wrong.set(address, current);
    if (this.wrong.size > 10_000) this.wrong.clear(); // bounded: a flood of addresses forgets, and still waits
    await new Promise((resolve) => setTimeout(resolve, WRONG_KEY_DELAY_MS));
    return false;
  }
}
