// The instructor's board in real browsers, on one lab: a student's failing check shows on the
// board and then the pass; a help request goes round trip (asked with a message, the place in
// line, "On my way", "Done"); the instructor looks over a student's shoulder and opens a terminal
// into their chatserver4, and a line typed there reaches the student's own terminal.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, expect, it } from "vitest";
import { labAndBrowser, pasteIntoEditor } from "../support/browser";

const KEY = "instructor-key-for-the-board-browser-test";
const setup = labAndBrowser({ LAB_INSTRUCTOR_KEY: KEY });
const contexts: BrowserContext[] = [];
afterAll(async () => {
  for (const context of contexts) await context.close();
});
/** Where screenshots of the pages go, for people to look at (not compared by the test). */
const SHOTS = process.env.LAB_SCREENSHOTS;
/** Pages load, hydrate and connect slowly on a busy 2-core machine: wait for conditions, up to 15 s. */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

async function open(path: string, join?: string | false): Promise<Page> {
  const context = await setup.browser.newContext(join === undefined ? undefined : { join });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${setup.lab.base}${path}`);
  return page;
}

async function shoot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

let board: Page;
const row = (name: string) => board.locator(`tr[data-student="${name}"]`);
/** A name not yet in the class: a retried test joins as "Ada B" (the first attempt's Ada is still there). */
const joined = new Set<string>();
function fresh(name: string): string {
  let taken = name;
  for (let i = 0; joined.has(taken); i++) taken = `${name} ${"BCDEFGH"[i]}`;
  joined.add(taken);
  return taken;
}

it("the board shows a student's failing check as soon as it is reported, then the pass", async () => {
  const name = fresh("Ada");
  const ada = await open("/exercises/2", name);
  board ??= await open(`/instructor#key=${KEY}`, false);
  await row(name).waitFor();
  const panel = ada.getByRole("region", { name: "Check your program" });
  await panel.getByRole("button", { name: "Check", exact: true }).click();
  await panel.getByText(/checks failed/).waitFor({ timeout: 45_000 });
  const failedAt = Date.now();
  await row(name).locator('td[title^="Exercise 2: check failed"]').waitFor({ timeout: 10_000 });
  console.log(`board showed the failed check ${Date.now() - failedAt} ms after the student's page did`);
  expect(await row(name).locator('td[title^="Exercise 2: check failed"]').innerText()).toMatch(/✗\s*\S/);

  await pasteIntoEditor(ada, readFileSync(join(import.meta.dirname, "..", "..", "content", "programs", "chatserver2.py"), "utf8"));
  await panel.getByRole("button", { name: "Check", exact: true }).click();
  await panel.getByText(/All \d+ checks passed/).waitFor({ timeout: 45_000 });
  const passedAt = Date.now();
  await row(name).locator('td[title^="Exercise 2: check passed"]').waitFor({ timeout: 10_000 });
  console.log(`board showed the pass ${Date.now() - passedAt} ms after the student's page did`);
  await eventually(() => board.locator("thead th").nth(5).innerText()).toMatch(/✓1 ✗0/);
  // The whole-class grid says the same, in words, on Ada's tile.
  await board.getByRole("combobox", { name: "View" }).selectOption("grid");
  await eventually(() => board.locator(`li[data-student="${name}"] button`).getAttribute("aria-label")).toMatch(/Ex 2: check passed/);
  await board.getByRole("combobox", { name: "View" }).selectOption("table");
}, 150_000);

it("a help request goes round trip: asked with a message, waited for on the board, on my way, done", async () => {
  const name = fresh("Ben");
  const ben = await open("/exercises/3", name);
  await ben.getByRole("button", { name: "Ask for help" }).click();
  await ben.getByLabel("What are you stuck on? (optional)").fill("my threads never start");
  await ben.locator("#ask-for-help").getByRole("button", { name: "Ask for help" }).click();
  await ben.getByText("Help asked: you are next").waitFor();

  await row(name).getByText("my threads never start").waitFor();
  await expect.poll(() => row(name).locator("td").first().innerText()).toMatch(/waiting \d+ s/);
  await board.getByRole("combobox", { name: "Show" }).selectOption("help");
  await eventually(() => board.locator("tbody tr").count()).toBe(1);
  await shoot(board, "board-help");
  await row(name).getByRole("button", { name: "On my way" }).click();
  await ben.getByText("Your instructor is on the way").waitFor();
  await row(name).getByRole("button", { name: "Done" }).click();
  await ben.getByRole("button", { name: "Ask for help" }).waitFor();
  await eventually(() => board.locator("tbody tr").count()).toBe(0);
  await board.getByRole("combobox", { name: "Show" }).selectOption("everyone");
  await shoot(ben, "student-after-help");
}, 90_000);

it("the instructor opens a terminal into a student's chatserver4 and a line reaches the student's own terminal", async () => {
  const name = fresh("Cy");
  const cy = await open("/exercises/4", name);
  await cy.getByRole("combobox", { name: "Program to run" }).selectOption({ label: "chatserver4.py (the lab's)" });
  await cy.getByRole("button", { name: "Run", exact: true }).click();
  await cy.getByTestId("run-status").filter({ hasText: "listening on port 8888" }).waitFor({ timeout: 30_000 });
  await cy.getByRole("button", { name: "New terminal" }).click();
  const own = cy.getByRole("region", { name: "Terminal 1" });
  await own.getByText("Connected to localhost.").waitFor();

  await row(name).getByRole("button", { name }).click();
  const desk = board.getByRole("complementary", { name: `Over ${name}'s shoulder` });
  await desk.getByRole("button", { name: "Open a terminal to their server" }).click({ timeout: 15_000 });
  const visit = desk.getByRole("region", { name: `${name}'s server` });
  await visit.scrollIntoViewIfNeeded();
  await visit.getByText("Escape character is").waitFor();
  await cy.getByText("Your instructor connected a terminal to your server").waitFor();
  await shoot(board, "board-desk");
  await shoot(cy, "student-visited");

  await visit.locator(".xterm").click();
  await board.keyboard.type("hello from your instructor");
  await board.keyboard.press("Enter");
  await eventually(() => own.locator(".xterm-rows").innerText()).toContain("hello from your instructor");
  await eventually(() => desk.getByLabel(/^Console of/).innerText()).toMatch(/(Connected[^]*){2}/);
  await desk.getByRole("button", { name: "Close" }).first().click();
}, 120_000);
