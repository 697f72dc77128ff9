import { describe, expect, it } from "vitest";
import { EDGE_PX, scrollRange } from "./scroll-range";

describe("the scroll-back slider's range (the time at the timeline's right edge)", () => {
  it("runs from the first event at the left of the drawing area to the live view", () => {
    // 1 ms a pixel, 500 px to draw in, events from 1,000 to 5,000 ms.
    const { min, max } = scrollRange(1000, 5000, 1, 500);
    expect(max).toBe(5000 + EDGE_PX);
    expect(min).toBe(1000 - EDGE_PX + 500);
    // At its left end the first event is EDGE_PX in from the left of the drawing area.
    expect(500 - (min - 1000)).toBe(EDGE_PX);
  });

  it("has nothing to scroll when every event fits in view", () => {
    const { min, max } = scrollRange(1000, 1200, 1, 500);
    expect(min).toBe(max);
  });

  it("scales with the zoom", () => {
    const { min, max } = scrollRange(0, 100_000, 10, 400);
    expect(max - min).toBe(100_000 + 2 * EDGE_PX * 10 - 4000);
  });
});
