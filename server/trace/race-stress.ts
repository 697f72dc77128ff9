// "Show me the race" (exercise 5): the stress test against a traced program, with the trace read in
// full while it lasts, then the interleaving that lost a line or hit a dead socket (shared/race.ts).
import { findRaces, type RaceFindings } from "../../shared/race";
import { runStress, type StressSummary, type StressTarget } from "../checks/checks-stress";
import type { StressStats } from "../../shared/check-report";
import type { RunTrace, TraceLimits } from "./run-trace";

/**
 * While the race is looked for, the lab reads everything (the stress makes ~30,000 events in three
 * rounds of 50 clients) and keeps it: about 10 MB for the seconds it lasts, one run at a time per
 * session. Past it, the walks the finder needs would have holes.
 */
export const RACE_TRACE: TraceLimits = { eventsPerSecond: 100_000, keep: 60_000 };

export async function stressForRace(
  run: StressTarget,
  trace: RunTrace,
  port: number,
  options: { onLive: (stats: StressStats) => void; signal?: AbortSignal; rounds?: number },
): Promise<{ summary: StressSummary; findings: RaceFindings; complete: boolean }> {
  const own = trace.limits;
  const droppedBefore = trace.status.droppedByLab + trace.status.droppedByProgram;
  trace.setLimits(RACE_TRACE);
  try {
    const summary = await runStress(run, port, options);
    // The tracer sends what it holds before the program blocks again: give it a moment.
    await new Promise((r) => setTimeout(r, 200));
    const findings = findRaces(trace.events());
    const complete = trace.status.droppedByLab + trace.status.droppedByProgram === droppedBefore && trace.status.state === "on";
    return { summary, findings, complete };
  } finally {
    trace.setLimits(own);
  }
}
