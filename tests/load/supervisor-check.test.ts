// The supervisor checks the lab's messages without zod (one Node process per run: zod cost each
// ~11 MB and ~100 ms of start-up). Its hand-written check must give the schema's answers.
import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkToSupervisor } from "../../server/sandbox/supervisor-check";
import { supervisorScript } from "../../server/sandbox/supervisor-bundle";
import { ToSupervisor } from "../../server/sandbox/supervisor-messages";

const samples: unknown[] = [
  { type: "start", command: ["python3", "-u", "x.py"], cgroupProcs: ["/sys/fs/cgroup/x/cgroup.procs"], outputBytesPerSecond: 262144 },
  { type: "start", command: ["a"], cgroupProcs: [], outputBytesPerSecond: 0.5, extra: "dropped" },
  { type: "start", command: ["a"], cgroupProcs: [], outputBytesPerSecond: 1, traceSocket: "@lab-trace-0123456789abcdef01234567" },
  { type: "start", command: ["a"], cgroupProcs: [], outputBytesPerSecond: 1, traceSocket: "/tmp/plant" },
  { type: "start", command: ["a"], cgroupProcs: [], outputBytesPerSecond: 1, traceSocket: 7 },
  { type: "start", command: [], cgroupProcs: [], outputBytesPerSecond: 1 },
  { type: "start", command: ["a", 1], cgroupProcs: [], outputBytesPerSecond: 1 },
  { type: "start", command: ["a"], outputBytesPerSecond: 1 },
  { type: "start", command: ["a"], cgroupProcs: [3], outputBytesPerSecond: 1 },
  { type: "start", command: ["a"], cgroupProcs: [], outputBytesPerSecond: 0 },
  { type: "start", command: ["a"], cgroupProcs: [], outputBytesPerSecond: -1 },
  { type: "start", command: ["a"], cgroupProcs: [], outputBytesPerSecond: Infinity },
  { type: "start", command: ["a"], cgroupProcs: [], outputBytesPerSecond: NaN },
  { type: "start", command: ["a"], cgroupProcs: [], outputBytesPerSecond: "1" },
  { type: "start", command: "a", cgroupProcs: [], outputBytesPerSecond: 1 },
  { type: "connect", id: 1, port: 8888 },
  { type: "connect", id: -3, port: 1 },
  { type: "connect", id: 1, port: 65535, more: true },
  { type: "connect", id: 1, port: 0 },
  { type: "connect", id: 1, port: 65536 },
  { type: "connect", id: 1.5, port: 8888 },
  { type: "connect", id: 1, port: 8888.5 },
  { type: "connect", id: "1", port: 8888 },
  { type: "connect", port: 8888 },
  { type: "connect", id: 1, port: 8888, from: "127.0.3.7" },
  { type: "connect", id: 1, port: 8888, from: "10.0.0.1" },
  { type: "connect", id: 1, port: 8888, from: 127 },
  { type: "stdin", data: "aGVsbG8=" },
  { type: "stdin", data: "" },
  { type: "stdin", data: 5 },
  { type: "stdin" },
  { type: "eof" },
  { type: "eof", data: "x" },
  { type: "kill" },
  { type: "reboot" },
  { type: 5 },
  {},
  [],
  null,
  "kill",
  42,
  undefined,
];

describe("the supervisor's message check", () => {
  it.each(samples.map((s) => [JSON.stringify(s) ?? String(s), s]))("agrees with the schema on %s", (_name, sample) => {
    const schema = ToSupervisor.safeParse(sample);
    const checked = checkToSupervisor(sample);
    expect(checked.ok).toBe(schema.success);
    if (checked.ok && schema.success) expect(checked.message).toEqual(schema.data);
  });

  it("keeps zod out of the supervisor bundle", () => {
    expect(statSync(supervisorScript()).size).toBeLessThan(64 * 1024);
  });
});
