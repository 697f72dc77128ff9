// The workbench on a 1366x768 laptop, as a student uses it: editor, Run, console and two
// terminals on one screen; terminals that follow a Restart, come back after a reload on the same
// connections (the program sees nobody leave), take the keyboard when opened and let it go with
// Esc then Tab; the running programs on every page; and no sideways scrolling on a 390 px phone.
import type { Locator, Page } from "playwright-core";
import { expect, it } from "vitest";
import { labAndBrowser, loadedEditor } from "../support/browser";

// Two programs at most per student here, so the third Run meets "You already have 2 programs running".
const setup = labAndBrowser({ LAB_RUNS_PER_SESSION: "2" });

async function laptop(): Promise<Page> {
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  return page;
}

const screenText = (terminal: Locator) => terminal.locator(".xterm-rows").innerText();

/** Wholly inside the 1366x768 window. */
async function inView(page: Page, what: Locator, name: string) {
  const box = await what.boundingBox();
  expect(box, name).not.toBeNull();
  const { width, height } = page.viewportSize()!;
  expect(box!.x, `${name} left`).toBeGreaterThanOrEqual(0);
  expect(box!.y, `${name} top`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${name} right`).toBeLessThanOrEqual(width);
  expect(box!.y + box!.height, `${name} bottom`).toBeLessThanOrEqual(height);
}

async function runLabProgram(page: Page, stage: number) {
  await page.goto(`${setup.lab.base}/exercises/${stage}`);
  await page.getByRole("combobox", { name: "Program to run" }).selectOption({ label: `chatserver${stage}.py (the lab's)` });
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.getByTestId("run-status").filter({ hasText: "listening on port 8888" }).waitFor();
}

it("1366x768: after Run with two terminals, the editor, Run, the console and both terminals are on screen; typing right after New terminal lands in it", async () => {
  const page = await laptop();
  await runLabProgram(page, 4);
  await page.getByRole("button", { name: "New terminal" }).click();
  // No click on the terminal: the keyboard is there already (not on the button, which Enter would press again).
  await page.keyboard.type("typed at once");
  await page.keyboard.press("Enter");
  const t1 = page.getByRole("region", { name: "Terminal 1" });
  await expect.poll(() => screenText(t1), { timeout: 10_000 }).toContain("typed at once");
  expect(await page.getByRole("region", { name: /^Terminal \d$/ }).count()).toBe(1);
  await page.getByRole("button", { name: "New terminal" }).click();
  const t2 = page.getByRole("region", { name: "Terminal 2" });
  await t2.getByText("Connected to localhost.").waitFor();

  await inView(page, page.locator(".monaco-editor").first(), "the editor");
  await inView(page, page.getByRole("button", { name: "Run", exact: true }), "Run");
  await inView(page, page.getByRole("log", { name: "Program output" }), "the console");
  await inView(page, t1, "Terminal 1");
  await inView(page, t2, "Terminal 2");
  await inView(page, page.getByRole("button", { name: "Check", exact: true }), "Check");
  // The header keeps to one line (about 43 px; two lines were 72) with the running program's bar
  // and the student's name, "work saved" and Ask for help in it.
  const header = page.locator("body > header");
  await header.getByRole("region", { name: "Your running programs" }).waitFor();
  await header.getByRole("button", { name: "Ask for help" }).waitFor();
  expect((await header.boundingBox())!.height).toBeLessThan(50);
  // Each terminal has the columns of its box: xterm.js's screen fills it but for the scroll bar.
  const [screen, box] = await Promise.all([t1.locator(".xterm-screen").boundingBox(), t1.locator(".xterm").boundingBox()]);
  expect(screen!.width).toBeGreaterThan(box!.width - 30);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);

  // Esc then Tab leaves the terminal (Tab alone is typed into it, as telnet would).
  await t1.locator(".xterm").click();
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  expect(await t1.evaluate((el) => el.contains(document.activeElement))).toBe(false);
  await page.context().close();
});

it("1366x768: the Check bar is on screen below the Run panel, and the report of a Check scrolls up into view", async () => {
  const page = await laptop();
  await page.goto(`${setup.lab.base}/exercises/1`);
  const checks = page.getByRole("region", { name: "Check your program" });
  const check = checks.getByRole("button", { name: "Check", exact: true });
  await check.waitFor();
  await inView(page, check, "Check");
  await inView(page, page.getByRole("button", { name: "Run", exact: true }), "Run");
  await check.click();
  const verdict = checks.getByText(/checks (passed|failed)/);
  await verdict.waitFor({ timeout: 60_000 });
  // The scroll is smooth: wait for it to end with the verdict and the first result on screen.
  await expect.poll(async () => {
    const [v, first] = await Promise.all([verdict.boundingBox(), checks.getByRole("listitem").first().boundingBox()]);
    return Boolean(v && first && v.y >= 0 && first.y + 20 <= 768);
  }, { timeout: 10_000 }).toBe(true);
  await inView(page, verdict, "the verdict");
  await page.context().close();
});

it("Restart leaves both terminals connected to the new program with no click, and a reload keeps them, their text and their connections", async () => {
  const page = await laptop();
  await runLabProgram(page, 4);
  // More room for the terminals (and the folded editor stays folded after the reload).
  await page.getByRole("button", { name: /^Hide Your solution/ }).click();
  for (const n of [1, 2]) {
    await page.getByRole("button", { name: "New terminal" }).click();
    await page.getByRole("region", { name: `Terminal ${n}` }).getByText("Connected to localhost.").waitFor();
  }
  const [t1, t2] = [page.getByRole("region", { name: "Terminal 1" }), page.getByRole("region", { name: "Terminal 2" })];
  const before = await page.getByTestId("run-status").innerText();

  await page.getByRole("button", { name: "Restart" }).click();
  for (const terminal of [t1, t2]) await terminal.getByRole("status").filter({ hasText: /Connected.*reconnected by itself/ }).waitFor({ timeout: 20_000 });
  expect(await screenText(t1)).toContain("The program was restarted");
  // Both are in the new program's list of clients: a line from one reaches the other.
  await page.getByRole("log", { name: "Program output" }).filter({ hasText: /Connected[^]*Connected/ }).waitFor();
  await t1.locator(".xterm").click();
  await page.keyboard.type("after the restart");
  await page.keyboard.press("Enter");
  await expect.poll(() => screenText(t2), { timeout: 10_000 }).toContain("after the restart");
  expect(await page.getByTestId("run-status").innerText()).toBe(before);

  // The reload keeps both TCP connections (the lab holds them for the page): the program's
  // console shows no client leave and join again, and the terminals still talk to each other.
  const programOutput = page.getByRole("log", { name: "Program output" });
  const clientsBefore = (await programOutput.innerText()).match(/^Connected/gm)?.length;
  expect(clientsBefore).toBe(2);
  await page.reload();
  for (const terminal of [t1, t2]) await terminal.getByText("the page was reloaded: still the same connection").waitFor({ timeout: 20_000 });
  expect(await screenText(t2)).toContain("after the restart");
  await t1.getByRole("status").filter({ hasText: "Connected" }).waitFor();
  await t2.getByRole("status").filter({ hasText: "Connected" }).waitFor();
  await t1.locator(".xterm").click();
  await page.keyboard.type("after the reload");
  await page.keyboard.press("Enter");
  await expect.poll(() => screenText(t2), { timeout: 10_000 }).toContain("after the reload");
  const after = await programOutput.innerText();
  expect(after.match(/^Connected/gm)?.length).toBe(clientsBefore);
  expect(after).not.toMatch(/^Disconnected/m);
  expect(await page.getByRole("button", { name: /^Show Your solution/ }).getAttribute("aria-expanded")).toBe("false");
  await page.getByRole("button", { name: /^Show Your solution/ }).click();
  await page.context().close();
});

it("every page lists the running programs with Stop; the lab's refusal names them with links", async () => {
  const page = await laptop();
  await runLabProgram(page, 1);
  await runLabProgram(page, 2);
  await page.goto(`${setup.lab.base}/exercises/3`);
  await page.getByRole("combobox", { name: "Program to run" }).selectOption({ label: "chatserver3.py (the lab's)" });
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "You already have 2 programs running" });
  await refusal.waitFor();
  expect(await refusal.getByRole("link").allInnerTexts()).toEqual(["Exercise 1", "Exercise 2"]);

  await page.goto(`${setup.lab.base}/`);
  const running = page.getByRole("region", { name: "Your running programs" });
  await running.getByText("2 programs running").waitFor();
  // Two programs keep the header on one line at 1366 px too (each is its exercise's link and Stop).
  expect((await page.locator("body > header").boundingBox())!.height).toBeLessThan(50);
  await running.getByRole("button", { name: /^Stop chatserver1\.py/ }).click();
  await running.getByText("1 program running").waitFor();
  await running.getByRole("link", { name: "Exercise 2" }).waitFor();
  await runLabProgram(page, 3);
  await page.getByRole("region", { name: "Your running programs" }).getByRole("button", { name: "Stop all" }).click();
  await page.getByRole("region", { name: "Your running programs" }).waitFor({ state: "detached" });
  await page.context().close();
});

it("exercise 0: Run puts the cursor in the keyboard input, and a line typed there is printed back", async () => {
  const page = await laptop();
  await page.goto(`${setup.lab.base}/exercises/0`);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const input = page.getByRole("textbox", { name: "Keyboard input" });
  await expect.poll(() => input.evaluate((el) => el === document.activeElement), { timeout: 15_000 }).toBe(true);
  await page.keyboard.type("hello stage zero");
  await page.keyboard.press("Enter");
  await expect.poll(() => page.getByRole("log", { name: "Program output" }).innerText()).toMatch(/Connected\s+hello stage zero/);
  await page.context().close();
});

it("exercise 3: the traceback's highlight goes once that line is edited", async () => {
  const page = await laptop();
  await page.goto(`${setup.lab.base}/exercises/3`);
  await (await loadedEditor(page)).click();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("import socket\n\nprint('about to fail')\nundefined_name()\n");
  await page.keyboard.press("Control+Enter");
  await page.getByRole("log", { name: "Program output" }).getByRole("button", { name: "4", exact: true }).click();
  const highlighted = page.locator(".monaco-editor [class*='traceLine']");
  await highlighted.first().waitFor();
  await page.keyboard.press("End");
  await page.keyboard.type(" # fixed");
  await highlighted.first().waitFor({ state: "detached" });
  await page.context().close();
});

it("390 px: no page scrolls sideways, and Ctrl+Enter brings the run's status into view", async () => {
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ["/", "/exercises/0", "/exercises/1", "/exercises/2", "/exercises/3", "/exercises/4", "/exercises/5", "/compare"]) {
    await page.goto(`${setup.lab.base}${path}`);
    await page.waitForLoadState("networkidle");
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
  }
  // Ctrl+Enter in the editor (at the top of the stacked panes) scrolls down to the run's status.
  await page.goto(`${setup.lab.base}/exercises/2`);
  // Below the text on a phone: the editor loads once it is scrolled to.
  await page.getByRole("region", { name: /^Your solution/ }).scrollIntoViewIfNeeded();
  await (await loadedEditor(page)).click();
  await page.keyboard.press("Control+Enter");
  await page.getByTestId("run-status").filter({ hasText: "listening" }).waitFor();
  await expect.poll(() => page.getByTestId("run-status").evaluate((el) => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().bottom <= innerHeight)).toBe(true);
  await context.close();
});
