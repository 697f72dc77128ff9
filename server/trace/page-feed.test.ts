// What goes to a page: a long batch in parts small enough to parse between frames, none lost.
import { expect, it } from "vitest";
import type { TraceEvent } from "../../shared/trace-events";
import { inParts, PAGE_MESSAGE_EVENTS } from "./page-feed";

const events = (n: number) => Array.from({ length: n }, (_, i) => ({ kind: "thread.end", t: i, thread: 1, n: i }) as TraceEvent);

it("splits a batch into parts of at most PAGE_MESSAGE_EVENTS, in order, and sends an empty one as one part", () => {
  const batch = events(2 * PAGE_MESSAGE_EVENTS + 1);
  const parts = inParts(batch);
  expect(parts.map((p) => p.length)).toEqual([PAGE_MESSAGE_EVENTS, PAGE_MESSAGE_EVENTS, 1]);
  expect(parts.flat()).toEqual(batch);
  expect(inParts([])).toEqual([[]]);
});
