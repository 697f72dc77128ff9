import { expect, it } from "vitest";
import { encodeRunOutput, parseServerFrame } from "./protocol";

it("run output crosses as bytes: control bytes cost one byte each, multi-byte text survives", () => {
  const data = "\x01".repeat(1000) + "héllo ✓\n";
  const frame = encodeRunOutput("run-abc-1", "stderr", data);
  expect(frame.length).toBe(2 + "run-abc-1".length + Buffer.byteLength(data));
  expect(JSON.stringify(data).length).toBeGreaterThan(6000); // what JSON would have sent
  expect(parseServerFrame(frame)).toEqual({ ok: true, value: { type: "run.output", runId: "run-abc-1", stream: "stderr", data } });
});

it("a binary frame that is not run output is refused, not misread", () => {
  expect(parseServerFrame(new Uint8Array([9, 0])).ok).toBe(false);
  expect(parseServerFrame(new Uint8Array([0, 50, 1, 2])).ok).toBe(false);
  expect(parseServerFrame('{"type":"run.removed","runId":"r"}')).toEqual({ ok: true, value: { type: "run.removed", runId: "r" } });
});
