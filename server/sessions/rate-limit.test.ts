import { describe, expect, it } from "vitest";
import { ReadHold, TokenBucket } from "./rate-limit";

describe("TokenBucket", () => {
  it("lets a burst through, then says how long the rest must wait", () => {
    let now = 0;
    const bucket = new TokenBucket(100, 300, () => now);
    expect(bucket.take(300)).toBe(0);
    expect(bucket.take(50)).toBe(500); // 50 over at 100 a second
    now = 500;
    expect(bucket.take(0)).toBe(0);
    now = 10_000;
    expect(bucket.take(400)).toBe(1000); // refilled to the burst (300), not beyond
  });
});

describe("ReadHold", () => {
  const until = async (test: () => boolean) => {
    for (let i = 0; i < 200 && !test(); i++) await new Promise((r) => setTimeout(r, 10));
  };

  it("pauses the source, extends to the latest hold, and resumes unless paused for another reason", async () => {
    const calls: string[] = [];
    let downstreamFull = false;
    const hold = new ReadHold({ pause: () => calls.push("pause"), resume: () => calls.push("resume") }, () => downstreamFull);
    hold.hold(0);
    expect(calls).toEqual([]);
    hold.hold(20);
    hold.hold(5); // shorter than the one in force: no change
    expect(hold.held).toBe(true);
    await until(() => !hold.held);
    expect(calls).toEqual(["pause", "resume"]);
    downstreamFull = true;
    hold.hold(5);
    await until(() => !hold.held);
    expect(calls).toEqual(["pause", "resume", "pause"]);
  });
});
