// A student in a real browser: run stage 4, open two terminals, chat between them, reload; paste
// lines into a terminal and copy text out of one.
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { isOwnOrigin, labAndBrowser } from "../support/browser";

const setup = labAndBrowser();

/** On exercise 4: run the lab's chatserver4 and connect two terminals, both in the server's list. */
async function chatWithTwoTerminals(page: Page) {
  await page.goto(`${setup.lab.base}/exercises/4`);
  await page.getByRole("combobox", { name: "Program to run" }).selectOption({ label: "chatserver4.py (the lab's)" });
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.getByTestId("run-status").filter({ hasText: "listening on port 8888" }).waitFor();
  await page.getByRole("button", { name: "New terminal" }).click();
  await page.getByRole("button", { name: "New terminal" }).click();
  const t1 = page.getByRole("region", { name: "Terminal 1" });
  const t2 = page.getByRole("region", { name: "Terminal 2" });
  await t1.getByText("Connected to localhost.").waitFor();
  await t2.getByText("Connected to localhost.").waitFor();
  // Both clients must be in the server's list before a line is sent.
  await page.getByRole("log", { name: "Program output" }).filter({ hasText: /Connected[^]*Connected/ }).waitFor();
  return { t1, t2 };
}

it("exercise 4: Run, two terminals, a line typed in Terminal 1 shows in Terminal 2, and a reload keeps the run", async () => {
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  const { t1, t2 } = await chatWithTwoTerminals(page);

  await t1.locator(".xterm").click();
  await page.keyboard.type("hello from terminal one");
  await page.keyboard.press("Enter");
  await expect.poll(() => t2.locator(".xterm-rows").innerText(), { timeout: 10_000 }).toContain("hello from terminal one");

  // Four terminals on a 1366 px laptop screen: two by two, each wide enough for about 40 columns.
  await page.getByRole("button", { name: "New terminal" }).click();
  await page.getByRole("button", { name: "New terminal" }).click();
  const boxes = await Promise.all([1, 2, 3, 4].map((n) => page.getByRole("region", { name: `Terminal ${n}` }).boundingBox()));
  expect(new Set(boxes.map((b) => Math.round(b!.y))).size).toBe(2);
  for (const box of boxes) expect(box!.width).toBeGreaterThanOrEqual(330);
  expect(Math.max(...boxes.map((b) => b!.x + b!.width))).toBeLessThanOrEqual(1366);

  await page.reload();
  await page.getByTestId("run-status").filter({ hasText: "listening on port 8888" }).waitFor();
  await expect.poll(() => page.getByRole("log", { name: "Program output" }).innerText()).toMatch(/Connected \('127\.0\.0\.1', \d+\)/);
  // Nothing any page asked for left the lab's own origin.
  expect(setup.browser.requests.filter((url) => !isOwnOrigin(url, setup.lab.base))).toEqual([]);
  await context.close();
});

it("exercise 4: two lines pasted into Terminal 1 reach Terminal 2, and a word selected there is copied with Ctrl+C", async () => {
  const context = await setup.browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: setup.lab.base });
  const page = await context.newPage();
  const { t1, t2 } = await chatWithTwoTerminals(page);

  await page.evaluate(() => navigator.clipboard.writeText("first pasted line\nsecond pasted line\n"));
  // Ctrl+V pastes into what has the keyboard: xterm.js's input element, as a click on the terminal gives it.
  await t1.locator(".xterm").click();
  await expect.poll(() => t1.locator(".xterm-helper-textarea").evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.press("Control+V");
  await expect.poll(() => t1.locator(".xterm-rows").innerText(), { timeout: 10_000 }).toContain("second pasted line");
  await expect.poll(() => t2.locator(".xterm-rows").innerText(), { timeout: 10_000 }).toMatch(/first pasted line\s+second pasted line/);

  // A double click selects the word under the pointer (xterm.js's own layer takes the pointer, so click where the text is drawn).
  const row = await t2.locator(".xterm-rows > div", { hasText: "second pasted line" }).first().boundingBox();
  await page.mouse.dblclick(row!.x + 20, row!.y + row!.height / 2);
  await page.keyboard.press("Control+C");
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/^(second|pasted|line)$/);
  await context.close();
});
