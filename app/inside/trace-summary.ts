// The timeline's one status line: live or paused, how much it holds, and whatever was lost (the
// program's events dropped past the run's budget, a tracer cut off) in words.
import type { RunTraceView } from "./trace-store";

export function traceSummary(trace: RunTraceView | undefined, paused: boolean): { text: string; tone: "ok" | "warn" | "bad" } {
  const status = trace?.status;
  if (!trace || !status) return { text: "no trace yet", tone: "ok" };
  const count = `${trace.events.length.toLocaleString("en")} events${trace.forgotten ? ` (the oldest ${trace.forgotten.toLocaleString("en")} let go)` : ""}`;
  const dropped = status.droppedByProgram + status.droppedByLab;
  const drops = dropped
    ? ` · ${dropped.toLocaleString("en")} events dropped: the program made more than the lab reads (${status.eventsPerSecond.toLocaleString("en")} a second)`
    : "";
  const sample = status.notSent ? ` · showing a sample: ${status.notSent.toLocaleString("en")} events were not sent to this page (more than 5,000 a second)` : "";
  if (status.state === "lost") return { text: `${count} · the trace stopped: ${status.message ?? "the tracer went away"}`, tone: "bad" };
  if (status.state === "waiting") return { text: "waiting for the program's tracer…", tone: "ok" };
  const state = status.state === "ended" ? "the program ended" : paused ? "paused (still recording)" : "live";
  return { text: `${state} · ${count}${drops}${sample}`, tone: drops || sample ? "warn" : "ok" };
}
