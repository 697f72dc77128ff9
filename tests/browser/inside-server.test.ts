// "Inside the server" in a real browser: chatserver4 with three terminals; a line typed in
// terminal 1 shows on the timeline as its recv in one thread and the sends to terminals 2 and 3;
// clicking it names the program's line (its text once the page may show it); pause, zoom and
// scroll back work; a screenshot at 1366x768 for a person to look at.
import { expect, it } from "vitest";
import { stageSource } from "../../server/stages/catalogue";
import { labAndBrowser } from "../support/browser";

const setup = labAndBrowser();

it("exercise 4: three terminals, and the timeline links a typed line to its recv and the sends that carried it", async () => {
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${setup.lab.base}/exercises/4`);
  await page.getByRole("combobox", { name: "Program to run" }).selectOption({ label: "chatserver4.py (the lab's)" });
  // The pane starts folded (the terminals need the width) and opens on the student's click.
  await page.getByRole("button", { name: "Show inside the server" }).click();
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.getByTestId("run-status").filter({ hasText: "listening on port 8888" }).waitFor();
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "New terminal" }).click();
  const terminals = [1, 2, 3].map((n) => page.getByRole("region", { name: `Terminal ${n}` }));
  // Each pane's status line (xterm.js draws only terminals in view, and the run pane stacks them).
  for (const t of terminals) await expect.poll(() => t.getByRole("status").innerText(), { timeout: 20_000 }).toMatch(/^Connected/);
  await page.getByRole("log", { name: "Program output" }).filter({ hasText: /Connected[^]*Connected[^]*Connected/ }).waitFor();

  await terminals[0].locator(".xterm").click();
  await page.keyboard.type("look inside");
  await page.keyboard.press("Enter");
  // xterm.js draws only terminals in view: the run pane stacks them, so scroll to the third.
  await terminals[2].scrollIntoViewIfNeeded();
  await expect.poll(() => terminals[2].locator(".xterm-rows").innerText(), { timeout: 10_000 }).toContain("look inside");

  const timeline = page.getByTestId("timeline");
  await timeline.waitFor();
  await expect.poll(() => page.getByTestId("trace-status").innerText()).toMatch(/live · \d+ events/);
  // One lane per thread (the main one and one per terminal), the typed lane and the shared list.
  await expect.poll(() => timeline.getAttribute("aria-label")).toMatch(/in 6 lanes/);

  // Click the typed line's marker: find it by asking the page where it is drawn.
  await page.getByRole("button", { name: "Pause" }).click();
  const box = (await timeline.boundingBox())!;
  let found = false;
  for (let x = Math.round(box.x + box.width - 2); x > box.x + 170 && !found; x -= 2) {
    await page.mouse.click(x, box.y + 18 + 11);
    found = await page.getByTestId("trace-details").filter({ hasText: "terminal 1 sent" }).isVisible();
  }
  expect(found).toBe(true);
  const details = page.getByTestId("trace-details");
  await expect.poll(() => details.innerText()).toMatch(/recv from terminal 1: 13 bytes "look inside⏎"/);
  await expect.poll(() => details.innerText()).toMatch(/sendall to terminal 2: 13 bytes/);
  await expect.poll(() => details.innerText()).toMatch(/sendall to terminal 3: 13 bytes/);
  // The recv's details name its line of chatserver4.py. Exercise 4 shows the student's editor, not
  // the lab's chatserver4.py (this exercise's answer): its text comes only once the answer is shown.
  await details.getByRole("button").first().click();
  const lines = stageSource(4).split("\n");
  const recvLine = lines.findIndex((l) => l.includes(".recv(1024)")) + 1;
  const source = page.getByTestId("trace-source-line");
  await expect.poll(() => source.innerText()).toMatch(new RegExp(`^chatserver4\\.py line ${recvLine} · this exercise's answer`));
  await page.getByRole("button", { name: "Show the lab's answer" }).click();
  await expect.poll(() => source.innerText()).toBe(`chatserver4.py line ${recvLine}: ${lines[recvLine - 1].trim().replace(/\s+/g, " ")}`);

  // Zoom and scroll back change what is shown; Resume follows the live end again.
  await page.getByRole("button", { name: "Zoom in" }).click();
  const slider = page.getByRole("slider", { name: "Time shown at the right edge" });
  const end = Number(await slider.inputValue());
  await slider.focus();
  await page.keyboard.press("Home");
  await expect.poll(async () => Number(await slider.inputValue())).toBeLessThan(end);
  await page.screenshot({ path: "test-results/inside-server-scrolled-1366.png" });
  await page.getByRole("button", { name: "Resume" }).click();
  await page.getByTestId("trace-status").filter({ hasText: "live" }).waitFor();
  await timeline.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/inside-server-1366.png" });
  await context.close();
});

it("exercise 0: the timeline shows what chatserver0 reads and prints, and a click marks its line in the listing", async () => {
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${setup.lab.base}/exercises/0`);
  await page.getByRole("button", { name: "Show inside the server" }).click();
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const input = page.getByRole("textbox", { name: "Keyboard input" });
  await expect.poll(() => input.isEnabled(), { timeout: 20_000 }).toBe(true);
  // Type once the program has said Connected, as a student would: a line typed before it starts
  // reading is read in the same millisecond as that print, and the two events share one pixel.
  await page.getByRole("log", { name: "Program output" }).filter({ hasText: "Connected" }).waitFor();
  await input.fill("seen inside");
  await input.press("Enter");
  await page.getByRole("log", { name: "Program output" }).filter({ hasText: /seen inside[^]*seen inside/ }).waitFor();
  // Stage 0 has one thread and no terminals: one lane, the main thread's.
  const timeline = page.getByTestId("timeline");
  await expect.poll(() => timeline.getAttribute("aria-label"), { timeout: 15_000 }).toMatch(/of [3-9] events in 1 lanes/);
  await page.getByRole("button", { name: "Pause" }).click();
  const box = (await timeline.boundingBox())!;
  const details = page.getByTestId("trace-details");
  let found = false;
  for (let x = Math.round(box.x + box.width - 2); x > box.x + 170 && !found; x -= 2) {
    await page.mouse.click(x, box.y + 18 + 11);
    found = await details.filter({ hasText: 'input() read "seen inside"' }).isVisible();
  }
  expect(found).toBe(true);
  const line = stageSource(0).split("\n").findIndex((l) => l.includes("input()")) + 1;
  await expect.poll(() => page.getByTestId("trace-source-line").innerText()).toBe(`chatserver0.py line ${line}: ${stageSource(0).split("\n")[line - 1].trim().replace(/\s+/g, " ")}`);
  const mark = page.locator('figure[data-file="chatserver0.py"] [data-trace-mark]');
  expect(await mark.getAttribute("data-line")).toBe(String(line));
  // In view: inside every box that clips it (the listing scrolls in its pane).
  const inView = () =>
    mark.evaluate((m) => {
      const r = m.getBoundingClientRect();
      for (let box = m.parentElement; box; box = box.parentElement) {
        const clip = getComputedStyle(box).overflowY !== "visible" ? box.getBoundingClientRect() : null;
        if (clip && (r.top < clip.top - 1 || r.bottom > clip.bottom + 1)) return false;
      }
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
  await expect.poll(inView).toBe(true);
  await page.screenshot({ path: "test-results/inside-server-exercise-0-1366.png" });
  await context.close();
});
