// Every error on the control socket has one shape and carries the id of the message that caused
// it, so a page shows it in the panel that asked and nowhere else.
import { afterAll, beforeAll, expect, it } from "vitest";
import { LabClient } from "../support/lab-client";
import { startTestLab, type TestLab } from "../support/lab-server";

let lab: TestLab;
beforeAll(async () => {
  lab = await startTestLab();
});
afterAll(async () => {
  await lab?.close();
});

it("a refused request's error carries its id; one sent without an id gets an error without one", async () => {
  const client = await LabClient.connect(lab.base);
  client.send({ type: "run.stop", runId: "no-such-run", id: "run:exercise-2#7" });
  expect(await client.waitFor((m) => m.type === "error" && m, 5000, "an error")).toEqual({
    type: "error",
    id: "run:exercise-2#7",
    code: "no-such-run",
    message: "That run is not in your session any more: press Run to start it again.",
  });
  client.send({ type: "stress.stop", runId: "no-such-run" });
  await client.waitFor((m) => m.type === "error" && client.messages.filter((x) => x.type === "error").length === 2, 5000, "a second error");
  expect(client.messages.filter((m) => m.type === "error")[1]).not.toHaveProperty("id");
  client.close();
});

it("a message of the wrong shape still names its id when it has a readable one", async () => {
  const client = await LabClient.connect(lab.base);
  client.socket.send(JSON.stringify({ type: "run.start", id: "run:exercise-1#1", slot: "exercise-1", program: { kind: "stage", stage: 9 } }));
  const error = await client.waitFor((m) => m.type === "error" && m, 5000, "an error");
  expect(error).toMatchObject({ id: "run:exercise-1#1", code: "bad-message" });
  expect(error.message).toMatch(/program\.stage/);
});
