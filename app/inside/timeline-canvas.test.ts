import { describe, expect, it } from "vitest";
import type { TraceEvent } from "@/shared/trace-events";
import { draw } from "./timeline-canvas";
import { TimelineIndex } from "./timeline-model";

/** A 2D context that records what is drawn; text is 6 px a character. */
function recordingContext() {
  const calls: string[] = [];
  let measured = 0;
  const ctx = new Proxy({ font: "", fillStyle: "", strokeStyle: "", lineWidth: 1, textBaseline: "" } as Record<string, unknown>, {
    get(target, key: string) {
      if (key in target) return target[key];
      if (key === "measureText") return (text: string) => (measured++, { width: 6 * text.length });
      return (...args: unknown[]) => calls.push(`${key}(${args.map(String).join(",")})`);
    },
    set(target, key: string, value) {
      target[key] = value;
      calls.push(`${key}=${String(value)}`);
      return true;
    },
  });
  return { ctx: ctx as unknown as CanvasRenderingContext2D, calls, measured: () => measured };
}

describe("the timeline's canvas", () => {
  it("draws the same from remembered text widths as from measuring them", () => {
    const events: TraceEvent[] = [];
    let t = 1000;
    const add = (e: Record<string, unknown>) => events.push({ ...e, t: (t += 1), n: events.length } as TraceEvent);
    add({ kind: "listen", thread: 0, conn: 3, port: 8888 });
    for (let k = 1; k <= 12; k++) {
      add({ kind: "accept", thread: 0, conn: 3 + k, sock: 3, peer: `127.0.0.1:${50000 + k}`, peerPort: 50000 + k });
      add({ kind: "thread.start", thread: k, name: `Thread-${k} serving a client with a long name`, parent: 0 });
      add({ kind: "list.change", thread: k, list: 1, name: "CLIENTS", op: "append", items: Array.from({ length: k }, (_, i) => 4 + i), item: 3 + k, holding: [] });
      add({ kind: "recv", thread: k, conn: 3 + k, bytes: 5, preview: "hi\r\n", wait: 30 });
    }
    const index = new TimelineIndex();
    const model = index.update(events, 0, new Map());
    const view = { end: t, msPerPx: 0.05 };
    const first = recordingContext();
    draw(first.ctx, 900, index, model, view, null, new Set());
    const second = recordingContext();
    draw(second.ctx, 900, index, model, view, null, new Set());
    // The labels were clipped (a long thread name, the list's contents) and the axis labelled.
    expect(first.calls.some((c) => c.startsWith("fillText(") && c.includes("…"))).toBe(true);
    expect(second.calls).toEqual(first.calls);
    expect(second.measured()).toBe(0);
  });
});
