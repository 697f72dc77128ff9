// A class, not a browser: a student joins with a name, their work is kept on the lab server, a
// second browser with their personal code gets it, and so does a third after the lab restarts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { editorLines, launchBrowser, loadedEditor, type TestBrowser } from "../support/browser";
import { startLabProcess, type LabProcess } from "../support/lab-process";

const dir = mkdtempSync(join(tmpdir(), "lab-class-join-"));
// The lab's default state folder keeps the session secret, so sessions outlive the restart too.
const env = { LAB_DATA_DIR: join(dir, "data"), LAB_CLASS_CODE: "net-101" };
let lab: LabProcess;
let browser: TestBrowser;

beforeAll(async () => {
  [lab, browser] = await Promise.all([startLabProcess(env), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await lab?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function join_(page: Page, name: string, classCode = "net-101"): Promise<void> {
  await page.fill("#join-name", name);
  await page.fill("#join-class-code", classCode);
  await page.click("button[type=submit]");
}

let code = "";

it("a student joins with a name and the class code; bad names and a wrong code get clear messages", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${lab.base}/exercises/2`);
  await join_(page, "   ");
  await page.getByText("Type your name to join").waitFor();
  await join_(page, "Ada Lovelace", "wrong");
  await page.getByText("That class code is not this class's").waitFor();
  await join_(page, "Ada Lovelace");
  await page.getByRole("button", { name: "Continue on another computer" }).click();
  code = (await page.locator("#continue-elsewhere strong").innerText()).trim();
  expect(code).toMatch(/^[2-9A-Z]{8}$/);
  await page.locator("header").getByText("Ada Lovelace").waitFor();

  // Another browser cannot take a look-alike of the name (a Cyrillic "А", upper case).
  const other = await (await browser.newContext()).newPage();
  await other.goto(lab.base);
  await join_(other, "ADA LOVELACE");
  await other.getByText("is already in the class, or looks too much like a name that is").waitFor();
  await join_(other, "\u0410da Lovelace");
  await other.getByText("mixes letters from different alphabets").waitFor();
  await other.context().close();

  // Work typed here is kept on the lab server.
  await (await loadedEditor(page)).click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.type("# kept on the lab server\n");
  await page.getByRole("status").filter({ hasText: "work saved" }).waitFor();
  await expect.poll(() => page.getByRole("status").filter({ hasText: /saving|saved/ }).innerText()).toBe("work saved");
  await context.close();
});

it("a second browser with the personal code link becomes the same student, with their work", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${lab.base}/#continue=${code}`);
  await page.locator("header").getByText("Ada Lovelace").waitFor();
  await page.goto(`${lab.base}/exercises/2`);
  await loadedEditor(page);
  await expect.poll(() => editorLines(page), { timeout: 10_000 }).toContain("# kept on the lab server");
  await context.close();
});

it("after the lab restarts, a third browser typing the code gets the work", async () => {
  await lab.stop();
  lab = await startLabProcess(env);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${lab.base}/exercises/2`);
  await page.getByRole("button", { name: "Use your personal code" }).click();
  await page.fill("#join-code", "WRONG222");
  await page.click("button[type=submit]");
  await page.getByText("No student has that code").waitFor();
  await page.fill("#join-code", code.toLowerCase());
  await page.click("button[type=submit]");
  await page.locator("header").getByText("Ada Lovelace").waitFor();
  await loadedEditor(page);
  await expect.poll(() => editorLines(page), { timeout: 10_000 }).toContain("# kept on the lab server");
  await context.close();
});
