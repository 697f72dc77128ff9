// Exercise 5: the stress check passes the locked chatserver5 every time and catches the unlocked
// chatserver4 every time (a few runs each here; server/checks/measure-hazard.ts does 20), and it
// judges a chat server without threads fairly. Run one file at a time: each run is CPU-heavy.
import { describe, expect, it } from "vitest";
import { sandboxForFile } from "../support/per-file";
import { STRETCH } from "../../server/checks/busy";
import { check, explain } from "./helpers";

const sandbox = sandboxForFile();

const RUNS = 3;

describe("exercise 5", () => {
  it("chatserver5 passes exercise 5, with progress showing the crowd, its one lock seen, and the slow-reader warning", async () => {
    const { report, failure, progress, byId } = await check(sandbox, 5, "chatserver5");
    expect(report.passed, explain(failure)).toBe(true);
    expect(report.durationMs).toBeLessThan(40_000 * (report.busy ? STRETCH : 1));
    expect(byId("ex5-lock").happened).toMatch(/^\d+ threads changed CLIENTS \(\d+ changes\), always holding the same lock \(LOCK\)\.$/);
    // Its sends happen under the lock: one client that stops reading freezes everyone, measured.
    const slow = byId("ex5-slow-reader");
    expect(slow.warnings.join(), `what happened: ${slow.happened}`).toMatch(/froze the whole chat: after about \d\.\d MB in flight to client 1/);
    const stress = byId("ex5-stress");
    expect(stress.warnings).toEqual([]);
    expect(stress.happened).toMatch(/every line \(\d+ sent\) reached every client that stayed connected/);
    // Progress names each check and counts the clients: at least the 50 that joined together.
    const during = progress.filter((p) => p.checkId === "ex5-stress" && p.state === "running");
    expect(Math.max(...during.map((p) => p.clientsConnected))).toBeGreaterThanOrEqual(50);
    expect(during.some((p) => /round 3 of 3/.test(p.message ?? ""))).toBe(true);
    expect(progress.filter((p) => p.state === "pass").map((p) => p.index)).toEqual([0, 1, 2, 3, 4]);
  }, 200_000);

  it(`chatserver5 passes the stress check in ${RUNS - 1} more runs too (${RUNS} of ${RUNS} with the one above)`, async () => {
    for (let i = 0; i < RUNS - 1; i++) {
      const { report, failure } = await check(sandbox, 5, "chatserver5", ["ex5-stress"]);
      expect(report.passed, `run ${i + 1}: ${explain(failure)}`).toBe(true);
    }
  }, 200_000);

  it("chatserver4 fails exercise 5: a client that left abruptly stops lines reaching the others", async () => {
    const { failure, byId } = await check(sandbox, 5, "chatserver4");
    expect(failure?.id).toBe("ex5-left-abruptly");
    expect(failure?.finding).toBe("a client that left abruptly stops lines reaching the others");
    expect(failure?.stderr).toMatch(/BrokenPipeError/);
    expect(byId("ex5-lock").finding).toBe("CLIENTS is changed by several threads with no lock held");
    expect(byId("ex5-stress").status).toBe("fail");
  }, 200_000);

  it(`chatserver4 fails the stress check in ${RUNS} of ${RUNS} runs: lines are lost`, async () => {
    for (let i = 0; i < RUNS; i++) {
      const { failure } = await check(sandbox, 5, "chatserver4", ["ex5-stress"]);
      expect(failure?.status, `run ${i + 1}`).toBe("fail");
      expect(failure?.finding).toBe("lines are lost when clients come and go while others send");
      expect(failure?.happened).toMatch(/deliveries to clients that stayed connected never arrived.*threads? died/);
      expect(failure?.hint).toMatch(/threading\.Lock/);
      // A handful of transcripts that show the loss, not all seventy clients.
      expect(failure?.transcripts.length).toBeGreaterThan(0);
      expect(failure?.transcripts.length).toBeLessThanOrEqual(6);
    }
  }, 200_000);

  it("a chat server using selectors instead of threads passes exercise 5", async () => {
    const { report, failure } = await check(sandbox, 5, "chat_selectors");
    expect(report.passed, explain(failure)).toBe(true);
  }, 200_000);
});
