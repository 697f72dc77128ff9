// A student checks their exercise 2 program in a real browser: the unchanged starting program
// fails with the finding the tutorial expects; after pasting the fix over it, Check passes, the
// exercise is marked done in the navigation, and the result is still shown after a reload.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { isOwnOrigin, labAndBrowser, pasteIntoEditor } from "../support/browser";

const fix = readFileSync(join(import.meta.dirname, "..", "..", "content", "programs", "chatserver2.py"), "utf8");

const setup = labAndBrowser();

it("exercise 2: Check fails on the starting program with 'the server exits after the first client leaves', then passes after the fix", async () => {
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${setup.lab.base}/exercises/2`);
  const panel = page.getByRole("region", { name: "Check your program" });
  await panel.getByRole("button", { name: "Check", exact: true }).click();
  await panel.getByText(/checks failed/).waitFor({ timeout: 45_000 });
  await panel.getByText("the server exits after the first client leaves").first().waitFor();

  await pasteIntoEditor(page, fix);
  await panel.getByRole("button", { name: "Check", exact: true }).click();
  await panel.getByText(/All \d+ checks passed/).waitFor({ timeout: 45_000 });
  await expect.poll(() => page.getByRole("navigation", { name: "Exercises" }).locator('a[data-done="true"]').getAttribute("href")).toBe("/exercises/2");

  // The result is still there after a reload, said to be the last check's.
  await page.reload();
  await panel.getByText("Your last check").waitFor();
  await panel.getByText(/All \d+ checks passed/).waitFor();
  await context.close();
});

it("no request any page made left the lab's own origin (no CDN, no fonts, no telemetry)", () => {
  expect(setup.browser.requests.length).toBeGreaterThan(10);
  expect(setup.browser.requests.filter((url) => !isOwnOrigin(url, setup.lab.base))).toEqual([]);
});
