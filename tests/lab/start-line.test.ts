// When a class presses Run in the same second, the lab starts a few programs at a time and tells
// the others their place in line; a student who presses Stop while waiting leaves the line.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunState } from "../../shared/protocol";
import { LabClient } from "../support/lab-client";
import { startTestLab, type TestLab } from "../support/lab-server";

let lab: TestLab;
beforeAll(async () => {
  lab = await startTestLab({ startsAtOnce: 1 });
});
afterAll(async () => {
  await lab?.close();
});

const statesOf = (client: LabClient, runId: string): RunState[] =>
  client.messages.flatMap((m) => (m.type === "run.state" && m.runId === runId ? [m.state] : []));

it("three students press Run while the lab is busy starting: each is told its place, the line moves in order, all end up listening", async () => {
  // The test holds the only place at the gate, so all three arrive at a full gate whatever the timing.
  const leave = await lab.lab.admission.starts.enter("the test");
  const students = await Promise.all([0, 1, 2].map(() => LabClient.connect(lab.base)));
  const runs: string[] = [];
  for (const [i, s] of students.entries()) {
    runs.push(await s.startStage(1));
    await s.waitForState(runs[i], (state) => state.state === "starting" && state.place === i + 1, `place ${i + 1}`);
  }
  leave();
  await Promise.all(students.map((s, i) => s.waitListening(runs[i])));
  const places = students.map((s, i) => statesOf(s, runs[i]).flatMap((state) => (state.state === "starting" && state.place ? [state.place] : [])));
  expect(places).toEqual([[1], [2, 1], [3, 2, 1]]);
  for (const s of students) s.close();
});

it("Stop while waiting in line: the run ends at once as stopped, and the line moves on", async () => {
  // The test holds the only place at the gate itself, for as long as it needs.
  const leave = await lab.lab.admission.starts.enter("the test");
  const waiting = await LabClient.connect(lab.base);
  const queued = await waiting.startStage(1);
  await waiting.waitForState(queued, (s) => s.state === "starting" && s.place === 1, "place 1 in line");
  // The instructor sees it too.
  expect(await (await fetch(`${lab.base}/healthz`)).json()).toMatchObject({ startsWaiting: 1 });
  waiting.send({ type: "run.stop", runId: queued });
  const stopped = await waiting.waitForState(queued, (s) => s.state === "stopped", "stopped");
  expect(stopped).toEqual({ state: "stopped", reason: "stopped before it started" });
  expect(waiting.output(queued)).toContain("[lab] stopped before it started");
  expect(statesOf(waiting, queued).some((s) => s.state === "running")).toBe(false);
  // The line still works: the next start goes ahead once the place is free.
  const next = await waiting.startStage(1, "exercise-1-again");
  await waiting.waitForState(next, (s) => s.state === "starting" && s.place === 1, "place 1 in line");
  leave();
  await waiting.waitListening(next);
  waiting.close();
});
