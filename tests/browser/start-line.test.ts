// A class presses Run at the same moment: a student whose program waits in line sees their place,
// cannot restart (it would lose the place), and sees it listening once its turn comes.
import { expect, it } from "vitest";
import { labAndBrowser } from "../support/browser";
import { LabClient } from "../support/lab-client";

const setup = labAndBrowser({ LAB_STARTS_AT_ONCE: "1" });

it("exercise 1: Run pressed behind two dozen classmates says 'waiting to start: number N in line', then listens", async () => {
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${setup.lab.base}/exercises/1`);
  const run = page.getByRole("button", { name: "Run", exact: true });
  await expect.poll(() => run.isEnabled()).toBe(true);

  // Classmates run stage 0, which never listens: each holds the one place for its longest (250 ms),
  // so two dozen of them keep the line for 6 s at least, however busy the machine.
  const classmates = await Promise.all(Array.from({ length: 24 }, () => LabClient.connect(setup.lab.base)));
  await Promise.all(classmates.map((c) => c.startStage(0)));

  await run.click();
  const status = page.getByTestId("run-status");
  // Both in one look at the page: the place can move on between two separate looks.
  await page.waitForFunction(() => {
    const said = document.querySelector('[data-testid="run-status"]')?.textContent ?? "";
    const restart = [...document.querySelectorAll("button")].find((b) => b.textContent?.trim() === "Restart");
    return /waiting to start: (number \d+ in line|yours is next)/.test(said) && restart?.disabled === true;
  }, undefined, { timeout: 30_000 });
  await status.filter({ hasText: "listening on port 8888" }).waitFor({ timeout: 60_000 });
  await expect(page.getByRole("button", { name: "Restart" }).isEnabled()).resolves.toBe(true);
  for (const c of classmates) c.close();
  await context.close();
}, 150_000); // a busy machine starts each classmate's program more slowly
