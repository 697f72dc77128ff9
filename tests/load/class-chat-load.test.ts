// Class chat, reduced (2 groups of 6 on shared chatserver5s) through the real lab in its own
// process: every line reaches every other member of its group once. Timings are reported by
// `npm run load -- --scenario class-chat` (ten groups of 30) in docs/performance.md, not asserted here.
import { expect, it } from "vitest";
import { runClassChatLoad } from "./class-chat-load";

it("two groups chat through shared chatserver5s: every line reaches every other member once", async () => {
  const result = await runClassChatLoad({ groups: 2, groupSize: 6, chatSeconds: 4, lineIntervalMs: 500 });
  expect(result.linesTyped).toBeGreaterThan(2 * 6 * 4);
  expect(result.missing).toEqual([]);
  expect(result.foreign).toEqual([]);
  expect(result.duplicates).toBe(0);
  expect(result.deliveriesExpected).toBe(result.linesTyped * 5);
  expect(result.delivered).toBe(result.deliveriesExpected);
}, 180_000);
