// Where namespaces can't be made, the lab still works for one person, and says so loudly.
import { expect, it } from "vitest";
import { LabClient } from "../support/lab-client";
import { labForFile } from "../support/per-file";

const lab = labForFile({ sandbox: "weak" });

it("in the weak mode two sessions still both get port 8888, and every console carries the warning", async () => {
  const alice = await LabClient.connect(lab.base);
  const bob = await LabClient.connect(lab.base);
  expect(alice.messages[0]).toMatchObject({ type: "session", mode: { isolation: { isolated: false } } });
  const [a, b] = await Promise.all([alice.startStage(1), bob.startStage(1)]);
  await Promise.all([alice.waitListening(a), bob.waitListening(b)]);
  const [ta, tb] = [await alice.terminal(a), await bob.terminal(b)];
  ta.typeLine("alice");
  tb.typeLine("bob");
  await ta.waitText("alice");
  await tb.waitText("bob");
  expect(ta.text).not.toContain("bob");
  expect(alice.output(a)).toMatch(/WEAK SANDBOX/);
  alice.close();
  bob.close();
});
