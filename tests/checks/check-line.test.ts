// When more students press Check than the lab checks at once, the others wait in line, told their
// place, instead of being turned away; cancelling while waiting leaves the line; a page that
// reloads meanwhile learns where its session's checks are. The line goes in turn per student, and a
// running check holds one of the lab's run places (LAB_MAX_RUNS), as /healthz shows.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ServerMessage } from "../../shared/protocol";
import { readConfig } from "../../server/config";
import { LabClient } from "../support/lab-client";
import { startTestLab, type TestLab } from "../support/lab-server";

let lab: TestLab;
beforeAll(async () => {
  lab = await startTestLab({ checksAtOnce: 1, maxRuns: 2, shares: { ...readConfig().shares, checksPerStudent: 3, socketsPerStudent: 64 } });
});
afterAll(async () => {
  await lab?.close();
});

const placesOf = (client: LabClient) => client.messages.flatMap((m) => (m.type === "check.waiting" ? [m.place] : []));
const failed = (m: ServerMessage) => m.type === "check.failed" && m.message;
const health = async () => (await fetch(`${lab.base}/healthz`)).json();
const checkStage1 = (c: LabClient) => c.send({ type: "check.start", exercise: 1, program: { kind: "stage", stage: 1 } });

it("a second and a third Check wait their turn; one cancelled while waiting leaves the line; the other runs when the place is free", async () => {
  const [first, second, third] = await Promise.all([0, 1, 2].map(() => LabClient.connect(lab.base)));
  // chatserver2 on exercise 3 takes seconds to fail (it waits to see the second client ignored).
  first.send({ type: "check.start", exercise: 3, program: { kind: "stage", stage: 2 } });
  await first.waitFor((m) => m.type === "check.progress", 10_000, "the first check running");

  second.send({ type: "check.start", exercise: 1, program: { kind: "stage", stage: 1 } });
  await second.waitFor((m) => m.type === "check.waiting" && m.place === 1, 5000, "place 1");
  third.send({ type: "check.start", exercise: 1, program: { kind: "stage", stage: 1 } });
  await third.waitFor((m) => m.type === "check.waiting" && m.place === 2, 5000, "place 2");
  // The running check holds one of the lab's run places.
  expect(await health()).toMatchObject({ runs: 1, programs: 0, checks: { running: 1, waiting: 2 } });

  // A page of the same session opened now (a reload) learns where its checks are.
  const reloaded = await LabClient.connect(lab.base, third.cookie);
  const session = await reloaded.waitFor((m) => m.type === "session" && m, 5000, "session");
  expect(session.check).toEqual({ exercise: 1, place: 2 });
  const running = await LabClient.connect(lab.base, first.cookie);
  const firstSession = await running.waitFor((m) => m.type === "session" && m, 5000, "session");
  expect(firstSession.check).toMatchObject({ exercise: 3, progress: { exercise: 3 } });
  reloaded.close();
  running.close();

  third.send({ type: "check.cancel" });
  expect(await third.waitFor(failed, 5000, "check.failed")).toBe("The checks were cancelled.");
  expect(third.messages.some((m) => m.type === "check.progress" || m.type === "check.report")).toBe(false);

  first.send({ type: "check.cancel" });
  expect(await first.waitFor(failed, 10_000, "check.failed")).toBe("The checks were cancelled.");
  const report = await second.waitFor((m) => m.type === "check.report" && m.report, 30_000, "the second student's report");
  expect(report.passed).toBe(true);
  // A page of that session opened afterwards gets the report too (it may have missed it reloading).
  const later = await LabClient.connect(lab.base, second.cookie);
  const laterSession = await later.waitFor((m) => m.type === "session" && m, 5000, "session");
  expect(laterSession.lastReport).toMatchObject({ exercise: 1, passed: true });
  expect(laterSession.check).toBeNull();
  later.close();
  expect(placesOf(second)).toEqual([1]);
  expect(placesOf(third)).toEqual([2]);
  for (const c of [first, second, third]) c.close();
});

it("one student's three checks, or two scripts' from one address, do not hold back a classmate who presses Check after them: the line goes in turn per student", async () => {
  // Ann on three computers (one student: the personal code), two sessions that never joined (a
  // script's: they take their turns as their address), then Ben.
  const ann = await Promise.all([0, 1, 2].map(() => LabClient.connect(lab.base)));
  await ann[0]!.joinClass("Ann Turner");
  const code = ann[0]!.messages.flatMap((m) => (m.type === "class.student" && m.student ? [m.student.code] : []))[0]!;
  for (const page of ann.slice(1)) {
    page.send({ type: "class.continue", code });
    await page.waitFor((m) => m.type === "class.student" && m.student?.code === code, 10_000, "Ann on another computer");
  }
  const scripts = await Promise.all([0, 1].map(() => LabClient.connect(lab.base)));
  const ben = await LabClient.connect(lab.base);
  await ben.joinClass("Ben Okafor");
  // The test holds the only place, so all six wait whatever the timing.
  const leave = await lab.lab.admission.checks.enter("the test");
  const queue = async (c: LabClient, place: number, who: string) => {
    checkStage1(c);
    await c.waitFor((m) => m.type === "check.waiting" && m.place === place, 5000, `${who}'s place ${place}`);
  };
  for (const [i, page] of ann.entries()) await queue(page, i + 1, `Ann ${i + 1}`);
  // Each first check goes in the first round, before Ann's second.
  await queue(scripts[0]!, 2, "the first script");
  await queue(scripts[1]!, 4, "the second script");
  await queue(ben, 3, "Ben");
  await ann[2]!.waitFor((m) => m.type === "check.waiting" && m.place === 6, 5000, "Ann's third moved back");
  expect(ann.map(placesOf)).toEqual([[1], [2, 3, 4], [3, 4, 5, 6]]);

  const order: string[] = [];
  const named = [...ann.map((p, i) => [p, `ann-${i + 1}`] as const), ...scripts.map((p, i) => [p, `script-${i + 1}`] as const), [ben, "ben"] as const];
  for (const [c, name] of named) c.socket.on("message", () => c.messages.at(-1)?.type === "check.progress" && !order.includes(name) && order.push(name));
  leave();
  for (const [c] of named) await c.waitFor((m) => m.type === "check.report", 60_000, "a report");
  expect(order).toEqual(["ann-1", "script-1", "ben", "ann-2", "script-2", "ann-3"]);
  expect(placesOf(ben)).toEqual([3, 2, 1]);
  for (const [c] of named) c.close();
});

it("a running check holds one of the lab's run places: a Run past the limit is told the lab is full, and a check waits for a place to free", async () => {
  const [runner, checker, late] = await Promise.all([0, 1, 2].map(() => LabClient.connect(lab.base)));
  const first = await runner.startStage(1);
  await runner.waitListening(first);
  // chatserver2 on exercise 3 takes seconds to fail: long enough to look.
  checker.send({ type: "check.start", exercise: 3, program: { kind: "stage", stage: 2 } });
  await checker.waitFor((m) => m.type === "check.progress", 10_000, "the check running");
  expect(await health()).toMatchObject({ runs: 2, maxRuns: 2, programs: 1, checks: { running: 1, waiting: 0 } });
  late.send({ type: "run.start", slot: "exercise-1", program: { kind: "stage", stage: 1 } });
  expect(await late.waitFor((m) => m.type === "error" && m.code, 10_000, "the refusal")).toBe("lab-full");

  checker.send({ type: "check.cancel" });
  await checker.waitFor(failed, 10_000, "check.failed");
  const second = await late.startStage(1);
  await late.waitListening(second);
  // Two programs fill the lab: a check waits in line though no other check runs, and goes once a program stops.
  checkStage1(checker);
  await checker.waitFor((m) => m.type === "check.waiting" && m.place === 1, 5000, "waiting for a run place");
  expect(await health()).toMatchObject({ runs: 2, programs: 2, checks: { running: 0, waiting: 1 } });
  runner.send({ type: "run.stop", runId: first });
  const report = await checker.waitFor((m) => m.type === "check.report" && m.report, 60_000, "the report");
  expect(report.passed).toBe(true);
  late.send({ type: "run.stop", runId: second });
  await late.waitForState(second, (s) => s.state === "stopped", "stopped");
  for (const c of [runner, checker, late]) c.close();
});
