// A joiner types into a classmate's server at most so many lines and bytes a second.
import { describe, expect, test } from "vitest";
import { InputRate } from "./input-rate";

const bytes = (text: string) => new TextEncoder().encode(text);

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("a joiner's input rate", () => {
  test("a burst of lines goes at once, the next waits for the line rate", () => {
    const c = clock();
    const rate = new InputRate({ linesPerSecond: 5, bytesPerSecond: 10_000, burstSeconds: 2 }, c.now);
    for (let i = 0; i < 10; i++) expect(rate.take(bytes(`line ${i}\r\n`))).toBe(0);
    expect(rate.take(bytes("one too many\r\n"))).toBe(200);
    c.advance(1000); // five lines' worth come back, one of them already owed
    for (let i = 0; i < 4; i++) expect(rate.take(bytes("again\r\n"))).toBe(0);
    expect(rate.take(bytes("and more\r\n"))).toBe(200);
  });

  test("a big paste waits by its bytes; waiting frames queue behind it", () => {
    const c = clock();
    const rate = new InputRate({ linesPerSecond: 100, bytesPerSecond: 1000, burstSeconds: 1 }, c.now);
    expect(rate.take(new Uint8Array(3000))).toBe(2000);
    expect(rate.take(bytes("x"))).toBe(2001);
    c.advance(2001);
    expect(rate.take(bytes("y"))).toBe(1);
  });

  test("keys typed one at a time (character mode) count as bytes, Enter as a line", () => {
    const c = clock();
    const rate = new InputRate({ linesPerSecond: 1, bytesPerSecond: 1000, burstSeconds: 1 }, c.now);
    for (const key of "hello") expect(rate.take(bytes(key))).toBe(0);
    expect(rate.take(bytes("\r\n"))).toBe(0);
    expect(rate.take(bytes("\r\n"))).toBe(1000);
  });

  test("a quiet joiner's allowance refills only up to the burst", () => {
    const c = clock();
    const rate = new InputRate({ linesPerSecond: 2, bytesPerSecond: 1000, burstSeconds: 1 }, c.now);
    c.advance(60_000);
    expect(rate.take(bytes("a\nb\n"))).toBe(0);
    expect(rate.take(bytes("c\n"))).toBe(500);
  });
});
