// The student's own version: typed work survives a reload, the edited program runs and behaves as
// edited in a terminal, and /compare shows the expected changed lines.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { editorLines, isOwnOrigin, labAndBrowser, loadedEditor, pasteIntoEditor } from "../support/browser";

const chatserver1 = readFileSync(join(import.meta.dirname, "..", "..", "content", "programs", "chatserver1.py"), "utf8");

const setup = labAndBrowser();

it("exercise 2: what is typed in the editor is still there after a reload", async () => {
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${setup.lab.base}/exercises/2`);
  await (await loadedEditor(page)).click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.type("# my notes on exercise two\n");
  await page.waitForTimeout(600); // the draft is saved ~300 ms after typing stops
  await page.reload();
  await loadedEditor(page);
  await expect.poll(() => editorLines(page), { timeout: 10_000 }).toContain("# my notes on exercise two");
  await context.close();
});

it("exercise 2: an edited program (an upper-casing echo) runs with Ctrl+Enter and its terminal shows the upper-cased reply", async () => {
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${setup.lab.base}/exercises/2`);
  await pasteIntoEditor(page, chatserver1.replace("self.SOCKET.sendall(From)", "self.SOCKET.sendall(From.upper())"));
  await page.keyboard.press("Control+Enter");
  await page.getByTestId("run-status").filter({ hasText: "your version" }).filter({ hasText: "listening on port 8888" }).waitFor();
  await page.getByRole("button", { name: "New terminal" }).click();
  const terminal = page.getByRole("region", { name: "Terminal 1" });
  await terminal.getByText("Connected to localhost.").waitFor();
  await terminal.locator(".xterm").click();
  await page.keyboard.type("quiet words");
  await page.keyboard.press("Enter");
  await expect.poll(() => terminal.locator(".xterm-rows").innerText(), { timeout: 10_000 }).toContain("QUIET WORDS");
  await context.close();
});

it("exercise 3: a traceback's line number in the console shows that line in the editor", async () => {
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${setup.lab.base}/exercises/3`);
  await pasteIntoEditor(page, "import socket\n\nprint('about to fail')\nundefined_name()\n");
  await page.keyboard.press("Control+Enter");
  const console = page.getByRole("log", { name: "Program output" });
  await console.getByText("NameError").waitFor();
  await console.getByRole("button", { name: "4", exact: true }).click();
  // The editor highlights line 4, the one the traceback names.
  const highlighted = page.locator(".monaco-editor .view-overlays > div").filter({ has: page.locator("[class*='traceLine']") });
  await highlighted.first().waitFor();
  const top = await highlighted.first().evaluate((el) => (el as HTMLElement).style.top);
  const line4 = await page.locator(".monaco-editor .view-lines > .view-line", { hasText: "undefined_name()" }).evaluate((el) => (el as HTMLElement).style.top);
  expect(top).toBe(line4);
  await context.close();
});

it("exercise 3 can start from the student's own exercise 2 version, and Undo reset brings the starting program back", async () => {
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${setup.lab.base}/exercises/2`);
  const mine = "# my exercise two fix\nimport socket\n";
  await pasteIntoEditor(page, mine);
  await page.waitForTimeout(600); // saved ~300 ms after typing stops
  await page.goto(`${setup.lab.base}/exercises/3`);
  await page.getByRole("button", { name: "Start from your chatserver2.py" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Use my chatserver2.py" }).click();
  await expect.poll(() => editorLines(page), { timeout: 10_000 }).toContain("# my exercise two fix");
  await page.getByRole("button", { name: "Undo reset" }).click();
  await expect.poll(() => editorLines(page), { timeout: 10_000 }).toContain("chatserver2.py - stage 2");
  await context.close();
});

it("/compare lists only the versions the student wrote, and shows chatserver1 against chatserver2 once exercise 2's answer is shown", async () => {
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${setup.lab.base}/compare?left=stage-1&right=stage-2`);
  await page.getByRole("alert").filter({ hasText: "comes with the answer to exercise 2" }).waitFor();
  const before = page.getByRole("combobox", { name: "Before" });
  await expect.poll(() => before.locator("option").allInnerTexts()).toEqual(["chatserver0.py", "chatserver1.py"]);
  await page.goto(`${setup.lab.base}/exercises/2`);
  await page.getByRole("button", { name: "Show the lab's answer" }).click();
  await page.goto(`${setup.lab.base}/compare?left=stage-1&right=stage-2`);
  const figure = page.locator("figure", { hasText: "chatserver1.py" }).first();
  await figure.getByText(/\d+ lines? changed/).first().waitFor();
  const added = await figure.locator("ins").allInnerTexts();
  expect(added.join(" ")).toMatch(/server2/);
  const html = await figure.innerHTML();
  expect(html).toContain("while True:");
  await context.close();
});

it("no request any page made left the lab's own origin (no CDN, no fonts, no telemetry)", () => {
  expect(setup.browser.requests.length).toBeGreaterThan(10);
  expect(setup.browser.requests.filter((url) => !isOwnOrigin(url, setup.lab.base))).toEqual([]);
});
