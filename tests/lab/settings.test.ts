// Settings as an instructor meets them at `npm start`: a wrong value stops the lab before it starts
// and says which and what is allowed; LAB_REFERENCE=false hides the references on the site as on the
// server (the site once understood only "0", and went on showing them).
import { expect, it } from "vitest";
import { LabClient } from "../support/lab-client";
import { startLabProcess } from "../support/lab-process";

it("a wrong value stops start-up, naming the variable and what it allows; an unknown LAB_* name is warned about", async () => {
  const failed = startLabProcess({ LAB_MAX_RUNS: "many", LAB_MAX_RUN: "3" });
  const error = await failed.then(
    () => null,
    (e: Error) => e.message,
  );
  expect(error).toContain("the lab exited with code 1");
  expect(error).toContain("LAB_MAX_RUNS=many is not allowed: use a whole number from 1 to 100000");
  expect(error).toContain("LAB_MAX_RUN is not a setting of the lab");
  expect(error).not.toContain("is ready on");
});

it("LAB_REFERENCE=false hides the reference solutions on the pages, not only on the server", async () => {
  const lab = await startLabProcess({ LAB_REFERENCE: "false" });
  try {
    for (const path of ["/reference/2", "/reference/5", "/findings/2/propose-loop"]) {
      expect((await fetch(`${lab.base}${path}`)).status, path).toBe(404);
    }
    expect(await (await fetch(`${lab.base}/exercises/3`)).text()).toContain("(your instructor has hidden the lab&#39;s later programs)");
    const client = await LabClient.connect(lab.base);
    client.send({ type: "run.start", slot: "exercise-3", program: { kind: "stage", stage: 3 } });
    expect(await client.waitFor((m) => m.type === "error" && m, 5000, "an error")).toMatchObject({ code: "reference-hidden" });
    client.close();
  } finally {
    await lab.stop();
  }
});
