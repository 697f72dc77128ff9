// When more students press Check than the lab checks at once, the others wait in line, told their
// place, instead of being turned away; cancelling while waiting leaves the line; a page that
// reloads meanwhile learns where its session's checks are.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ServerMessage } from "../../shared/protocol";
import { LabClient } from "../support/lab-client";
import { startTestLab, type TestLab } from "../support/lab-server";

let lab: TestLab;
beforeAll(async () => {
  lab = await startTestLab({ checksAtOnce: 1 });
});
afterAll(async () => {
  await lab?.close();
});

const placesOf = (client: LabClient) => client.messages.flatMap((m) => (m.type === "check.waiting" ? [m.place] : []));
const failed = (m: ServerMessage) => m.type === "check.failed" && m.message;

it("a second and a third Check wait their turn; one cancelled while waiting leaves the line; the other runs when the place is free", async () => {
  const [first, second, third] = await Promise.all([0, 1, 2].map(() => LabClient.connect(lab.base)));
  // chatserver2 on exercise 3 takes seconds to fail (it waits to see the second client ignored).
  first.send({ type: "check.start", exercise: 3, program: { kind: "stage", stage: 2 } });
  await first.waitFor((m) => m.type === "check.progress", 10_000, "the first check running");

  second.send({ type: "check.start", exercise: 1, program: { kind: "stage", stage: 1 } });
  await second.waitFor((m) => m.type === "check.waiting" && m.place === 1, 5000, "place 1");
  third.send({ type: "check.start", exercise: 1, program: { kind: "stage", stage: 1 } });
  await third.waitFor((m) => m.type === "check.waiting" && m.place === 2, 5000, "place 2");
  expect(await (await fetch(`${lab.base}/healthz`)).json()).toMatchObject({ checks: { running: 1, waiting: 2 } });

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
