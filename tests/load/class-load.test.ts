// A reduced class (20 students) through the real lab in its own process: admission control when
// the lab is full, every chat line delivered, and nothing left behind. Timings are reported by
// `npm run load` (200 students) and docs/performance.md, not asserted here.
import { describe, expect, it } from "vitest";
import { runClassLoad, type ClassLoadResult } from "./class-load";

describe("a class in the lab", () => {
  let result: ClassLoadResult;

  it("20 students chat through chatserver5 while others start and stop runs in a full lab", async () => {
    result = await runClassLoad({ sessions: 20, churners: 3, overflow: 3, chatSeconds: 6, lineIntervalMs: 500, startConcurrency: 4 });

    // Every line typed reached both classmates' terminals, once, and nothing else arrived.
    expect(result.chat.linesTyped).toBeGreaterThan(20 * 3 * 4);
    expect(result.chat.missing).toEqual([]);
    expect(result.chat.foreign).toEqual([]);
    expect(result.chat.duplicates).toBe(0);
    expect(result.chat.delivered).toBe(result.chat.deliveriesExpected);
    expect(result.chat.deliveriesExpected).toBe(result.chat.linesTyped * 2);
  }, 180_000);

  it("a full lab answers Run with the clear lab-full message, never more runs than the limit", () => {
    expect(result.maxRuns).toBe(23);
    expect(result.admission.whenFull).toHaveLength(3);
    for (const answer of result.admission.whenFull) {
      expect(answer.code).toBe("lab-full");
      expect(answer.message).toMatch(/lab is full/i);
      expect(answer.message).toMatch(/try again in a moment/i);
    }
    expect(result.admission.maxLiveRunsSeen).toBeLessThanOrEqual(result.maxRuns);
    expect(result.admission.churnOtherErrors).toEqual([]);
    expect(result.admission.churnStarts).toBeGreaterThan(0);
    expect(result.admission.startAfterwards).toBe(true);
  });

  it("after the class, no run processes, cgroups or run directories are left", () => {
    expect(result.cleanup.afterStop).toEqual({ runProcesses: [], supervisors: [], cgroups: [], runDirs: [] });
    expect(result.cleanup.labExitCode).toBe(0);
    expect(result.cleanup.afterExit).toEqual({ runProcesses: [], supervisors: [], cgroups: [], runDirs: [] });
    expect(result.cleanup.runsDirRemoved).toBe(true);
  });
});
