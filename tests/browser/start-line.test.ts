// A class presses Run at the same moment: a student whose program waits in line sees their place,
// cannot restart (it would lose the place), and sees it listening once its turn comes.
import { expect, it } from "vitest";
import { labAndBrowser } from "../support/browser";
import { LabClient } from "../support/lab-client";

const setup = labAndBrowser({ LAB_STARTS_AT_ONCE: "1" });

it("exercise 1: Run pressed behind 12 classmates says 'waiting to start: number N in line', then listens", async () => {
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${setup.lab.base}/exercises/1`);
  const run = page.getByRole("button", { name: "Run", exact: true });
  await expect.poll(() => run.isEnabled()).toBe(true);

  // Classmates run stage 0, which never listens: each holds the one place for its longest (250 ms).
  const classmates = await Promise.all(Array.from({ length: 12 }, () => LabClient.connect(setup.lab.base)));
  await Promise.all(classmates.map((c) => c.startStage(0)));

  await run.click();
  const status = page.getByTestId("run-status");
  await status.filter({ hasText: /waiting to start: (number \d+ in line|yours is next)/ }).waitFor();
  await expect(page.getByRole("button", { name: "Restart" }).isDisabled()).resolves.toBe(true);
  await status.filter({ hasText: "listening on port 8888" }).waitFor({ timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Restart" }).isEnabled()).resolves.toBe(true);
  for (const c of classmates) c.close();
  await context.close();
});
