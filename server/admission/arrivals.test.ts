import { expect, it } from "vitest";
import { ArrivalLimit } from "./arrivals";

it("an address makes at most perMinute in any minute, each address on its own, and may again as each arrival turns a minute old", () => {
  let now = 1_000_000;
  const limit = new ArrivalLimit(3, () => now);
  expect(limit.admit("10.0.0.1")).toBe(true);
  now += 10_000;
  expect([1, 2, 3].map(() => limit.admit("10.0.0.1"))).toEqual([true, true, false]);
  expect(limit.admit("10.0.0.2")).toBe(true);
  expect(limit.waitSeconds("10.0.0.1")).toBe(50);
  now += 49_999;
  expect(limit.admit("10.0.0.1")).toBe(false);
  now += 1;
  expect(limit.admit("10.0.0.1")).toBe(true);
  expect(limit.admit("10.0.0.1")).toBe(false);
});
