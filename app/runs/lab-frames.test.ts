import { describe, expect, it } from "vitest";
import { encodeRunOutput, parseServerFrame } from "@/shared/protocol";
import { LabFrames, TRACE_SLICE, type FrameResult } from "./lab-frames";

const status = { state: "on", received: 0, droppedByProgram: 0, droppedByLab: 0, eventsPerSecond: 5000 };
const events = (n: number) => Array.from({ length: n }, (_, i) => ({ kind: "recv", t: 1000 + i, thread: 1 + (i % 20), n: i, line: 25, conn: 4 + (i % 20), bytes: 30, preview: `line ${i}\r\n`, wait: 1.5 }));
const trace = (n: number, extra: Record<string, unknown> = {}) => JSON.stringify({ type: "run.trace", runId: "run-1", events: events(n), status, ...extra });

/** Frames handled by LabFrames with the tasks it asks for run by hand, one at a time. */
function harness() {
  const handled: FrameResult[] = [];
  const tasks: Array<() => void> = [];
  const frames = new LabFrames((r) => handled.push(r), (run) => tasks.push(run));
  const runAll = () => {
    let n = 0;
    while (tasks.length) (tasks.shift()!(), n++);
    return n;
  };
  return { frames, handled, tasks, runAll };
}

describe("the lab's frames on the page", () => {
  it("hands on a long trace message as one, checked a slice a task, equal to checking it whole", () => {
    const { frames, handled, runAll } = harness();
    const text = trace(TRACE_SLICE * 4 + 7, { since: true });
    frames.push(text);
    expect(handled).toEqual([]);
    expect(runAll()).toBe(5);
    expect(handled).toEqual([parseServerFrame(text)]);
  });

  it("keeps the order: what comes behind a long trace message waits for it", () => {
    const { frames, handled, runAll } = harness();
    const short = trace(3);
    const removed = JSON.stringify({ type: "run.removed", runId: "run-1" });
    const output = encodeRunOutput("run-1", "stdout", "hi\n");
    frames.push(short);
    frames.push(trace(TRACE_SLICE * 2));
    frames.push(output);
    frames.push(removed);
    expect(handled.map((r) => r.ok && r.value.type)).toEqual(["run.trace"]);
    runAll();
    expect(handled.map((r) => r.ok && r.value.type)).toEqual(["run.trace", "run.trace", "run.output", "run.removed"]);
    expect(handled[3]).toEqual(parseServerFrame(removed));
  });

  it("rejects the whole message for one invalid event, saying where as checking it whole does", () => {
    const { frames, handled, runAll } = harness();
    const bad = events(TRACE_SLICE * 3);
    (bad[TRACE_SLICE * 2 + 5] as Record<string, unknown>).conn = -1;
    const text = JSON.stringify({ type: "run.trace", runId: "run-1", events: bad, status });
    frames.push(text);
    frames.push(JSON.stringify({ type: "run.removed", runId: "run-1" }));
    runAll();
    const whole = parseServerFrame(text);
    expect(whole.ok).toBe(false);
    expect(handled[0]).toEqual(whole);
    expect(handled[0].ok || handled[0].error).toMatch(`events.${TRACE_SLICE * 2 + 5}.conn`);
    expect(handled[1].ok).toBe(true);
  });

  it("rejects what is not JSON, or not a message, as before", () => {
    const { frames, handled } = harness();
    for (const text of ["{not json", JSON.stringify({ type: "run.trace", runId: "run-1", events: events(TRACE_SLICE + 1) })]) frames.push(text);
    expect(handled).toEqual(["{not json", JSON.stringify({ type: "run.trace", runId: "run-1", events: events(TRACE_SLICE + 1) })].map((t) => parseServerFrame(t)));
    expect(handled.every((r) => !r.ok)).toBe(true);
  });
});
