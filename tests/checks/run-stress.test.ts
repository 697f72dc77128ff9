// runStress against a program that is already running (the lab's "Stress test" button): live
// numbers, lines lost counted, thread deaths counted from stderr, and a stop that stops.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sandboxForFile } from "../support/per-file";
import type { SandboxRun } from "../../server/sandbox/types";
import { runStress, type StressStats } from "../../server/checks";
import { listening } from "../support/sandbox-runs";
import { programPath } from "./helpers";

const sandbox = sandboxForFile();

async function running(name: string): Promise<SandboxRun> {
  const run = await sandbox.start({ source: readFileSync(programPath(name), "utf8"), fileName: `${name}.py` });
  await listening(run);
  return run;
}

describe("runStress on a running program", () => {
  it("reports live numbers and loses nothing with chatserver5", async () => {
    const run = await running("chatserver5");
    const live: StressStats[] = [];
    const summary = await runStress(run, 8888, { onLive: (s) => live.push(s), rounds: 1 });
    await run.stop();
    expect(summary.rounds).toBe(1);
    expect(summary.stats).toMatchObject({ linesSent: 150, linesLost: 0, deliveriesExpected: 150 * 49, exceptionsSeen: 0, connected: 0 });
    expect(Math.max(...live.map((s) => s.connected))).toBeGreaterThanOrEqual(50);
    expect(run.exitInfo?.reason).toBe("stopped");
  });

  it("counts lost lines and dead threads with chatserver4", async () => {
    const run = await running("chatserver4");
    const summary = await runStress(run, 8888, { onLive: () => {}, rounds: 1 });
    await run.stop();
    expect(summary.stats.linesLost).toBeGreaterThan(0);
    expect(summary.stats.exceptionsSeen).toBeGreaterThan(0);
  });

  it("stops soon when its signal is aborted, and reports what it did", async () => {
    const run = await running("chatserver5");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const summary = await runStress(run, 8888, { onLive: () => {}, signal: controller.signal, rounds: 3 });
    await run.stop();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(summary.rounds).toBeLessThan(3);
  });
});
