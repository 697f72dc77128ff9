// Exercise 5's "Show me the race" in a real browser: on the lab's chatserver4 it tells, in words,
// the interleaving that lost a line (who walked the list, who changed it, who never got the line)
// and lists its steps; on chatserver5 it shows the lock making the threads take turns.
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { labAndBrowser } from "../support/browser";

const setup = labAndBrowser();

/** Runs the lab's program of `stage` on exercise 5's page and presses "Show me the race". */
async function showMeTheRace(page: Page, stage: 4 | 5) {
  await page.getByRole("combobox", { name: "Program to run" }).selectOption({ label: `chatserver${stage}.py (the lab's)` });
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.getByTestId("run-status").filter({ hasText: "listening on port 8888" }).waitFor({ timeout: 20_000 });
  const panel = page.getByRole("region", { name: "Stress test" });
  await panel.getByRole("button", { name: "Show me the race" }).click();
  const result = panel.getByTestId("race-result");
  await result.waitFor({ timeout: 60_000 });
  return result;
}

it("chatserver4: the race is told in words, with its steps; chatserver5: the lock makes the threads take turns", async () => {
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${setup.lab.base}/exercises/5`);

  const race = await showMeTheRace(page, 4);
  await expect.poll(() => race.innerText(), { timeout: 10_000 }).toMatch(/^Found \d+ interleavings? that cost a line, among \d+ lines passed on/);
  // The story names the walker, what the other thread did (a verb, not a method's name) and the victim.
  const story = await race.locator("p").nth(1).innerText();
  expect(story).toMatch(/^(the main thread|thread \d+) was walking (CLIENTS|the list) /);
  expect(story).toMatch(/, while (the main thread|thread \d+) (appended|removed|inserted|popped|added|replaced|deleted|changed) /);
  expect(story).not.toMatch(/__\w+__| (append|remove|insert|pop) /);
  expect(story).toMatch(/never got the line\.$|the send failed\.$/);
  expect(await race.getByRole("listitem").count()).toBeGreaterThan(1);
  await race.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/race-view-chatserver4-1366.png" });

  await page.getByRole("button", { name: "Stop", exact: true }).click();
  const turns = await showMeTheRace(page, 5);
  await expect.poll(() => turns.innerText(), { timeout: 10_000 }).toMatch(/^No line was lost in \d+ lines passed on\. The lock \S+ made the threads take turns:/);
  expect(await turns.getByRole("listitem").count()).toBeGreaterThan(1);
  await context.close();
});
