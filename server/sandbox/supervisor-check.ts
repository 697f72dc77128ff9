// The supervisor's check of what the lab sends it, without zod. The supervisor is one Node process
// per run; bundling zod into it cost every run ~11 MB of private memory and ~100 ms more start-up
// (docs/performance.md). This mirrors ToSupervisor in supervisor-messages.ts, the schema the lab
// builds its messages with; tests/load/supervisor-check.test.ts holds the two to the same answers.
import type { ToSupervisor } from "./supervisor-messages";

export type Checked = { ok: true; message: ToSupervisor } | { ok: false; error: string };

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");

/** Unknown fields are dropped, as zod's objects drop them. */
export function checkToSupervisor(raw: unknown): Checked {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { ok: false, error: "not an object" };
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case "start":
      if (!isStrings(m.command) || m.command.length < 1) return { ok: false, error: "start: command must be a non-empty list of strings" };
      if (!isStrings(m.cgroupProcs)) return { ok: false, error: "start: cgroupProcs must be a list of strings" };
      if (typeof m.outputBytesPerSecond !== "number" || !Number.isFinite(m.outputBytesPerSecond) || m.outputBytesPerSecond <= 0) {
        return { ok: false, error: "start: outputBytesPerSecond must be a positive number" };
      }
      if (m.traceSocket !== undefined && (typeof m.traceSocket !== "string" || !/^@lab-trace-[0-9a-f]{24}$/.test(m.traceSocket))) {
        return { ok: false, error: "start: traceSocket must be @lab-trace- and 24 hex digits" };
      }
      return {
        ok: true,
        message: {
          type: "start",
          command: [...m.command],
          cgroupProcs: [...m.cgroupProcs],
          outputBytesPerSecond: m.outputBytesPerSecond,
          ...(m.traceSocket !== undefined ? { traceSocket: m.traceSocket } : {}),
        },
      };
    case "connect":
      if (!isInt(m.id)) return { ok: false, error: "connect: id must be an integer" };
      if (!isInt(m.port) || m.port < 1 || m.port > 65535) return { ok: false, error: "connect: port must be 1-65535" };
      if (m.from !== undefined && (typeof m.from !== "string" || !/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(m.from))) return { ok: false, error: "connect: from must be a 127.x.y.z address" };
      return { ok: true, message: { type: "connect", id: m.id, port: m.port, ...(m.from !== undefined ? { from: m.from } : {}) } };
    case "stdin":
      if (typeof m.data !== "string") return { ok: false, error: "stdin: data must be a string" };
      return { ok: true, message: { type: "stdin", data: m.data } };
    case "eof":
    case "kill":
      return { ok: true, message: { type: m.type } };
    default:
      return { ok: false, error: "unknown message type" };
  }
}
