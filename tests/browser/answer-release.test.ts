// The instructor releases an exercise's answer from the board, live: exercise 3's solution appears on
// a student's open page without a reload, hiding it removes it, and while it is hidden no response
// the lab gives a browser holds a line of it. Exercise 4's starting program follows the same way.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page, Response } from "playwright-core";
import { expect, it } from "vitest";
import { editorText, labAndBrowser, loadedEditor, pasteIntoEditor } from "../support/browser";

const KEY = "instructor-key-for-the-answer-release-test";
const content = (path: string) => readFileSync(join(import.meta.dirname, "..", "..", "content", path), "utf8");
const code = (text: string) => text.split("\n").map((l) => l.replace(/#.*/, "").trim());
const unescape = (html: string) => html.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
/**
 * Lines of chatserver3.py that the programs a hidden lab shows (0, 1) and the workbook's text (its
 * Markdown, without the frontmatter's findings and the programming points) do not have.
 */
const shown = new Set([0, 1].flatMap((n) => code(content(`programs/chatserver${n}.py`))));
const workbook = [0, 1, 2, 3, 4, 5].map((n) => content(`exercises/${n}.md`).split(/^---$/m)[2].split(/^## Programming points/m)[0]).join("\n");
const secret = [...new Set(code(content("programs/chatserver3.py")))].filter((l) => l.length >= 12 && !shown.has(l) && !workbook.includes(l));

const setup = labAndBrowser({ LAB_REFERENCE: "0", LAB_INSTRUCTOR_KEY: KEY });

/** Every response body a page gets while `during` runs. */
async function bodiesWhile(page: Page, during: () => Promise<void>): Promise<Array<{ url: string; text: string }>> {
  const bodies: Array<{ url: string; text: string }> = [];
  const listen = async (response: Response) => {
    try {
      bodies.push({ url: response.url(), text: unescape(await response.text()) });
    } catch {
      // redirects have no body
    }
  };
  page.on("response", listen);
  await during();
  page.off("response", listen);
  return bodies;
}

it("releasing exercise 3 shows its solution on a student's open page, hiding removes it, and while hidden no response holds it", async () => {
  expect(secret).toContain("threading.Thread.__init__(self)");
  const board = await (await setup.browser.newContext({ join: false })).newPage();
  await board.goto(`${setup.lab.base}/instructor#key=${KEY}`);
  const release = board.getByLabel("Exercise 3's answer");
  await expect.poll(() => release.inputValue(), { timeout: 20_000 }).toBe("hidden");

  const student = await (await setup.browser.newContext()).newPage();
  const before = await bodiesWhile(student, async () => {
    await student.goto(`${setup.lab.base}/exercises/3`, { waitUntil: "networkidle" });
  });
  expect(before.length).toBeGreaterThan(3);
  for (const { url, text } of before) expect(secret.filter((l) => text.includes(l)), `solution lines in ${url}`).toEqual([]);
  expect(await student.getByRole("heading", { name: "The lab's answer" }).count()).toBe(0);
  const programs = () => student.getByLabel("Program to run").locator("option").allTextContents();
  // Only the student's own program to run: the Run panel shows no choice.
  expect(await programs()).toEqual([]);

  // Released: the answer appears on the open page (no reload), with the comparison that shows the fix.
  await release.selectOption("released");
  await student.getByText("Your instructor has released the lab's answer to this exercise.").waitFor({ timeout: 30_000 });
  // Exercise 2's answer is still hidden: the comparison starts from chatserver1.py.
  await student.getByRole("heading", { name: "Side by side: chatserver1.py and chatserver3.py" }).waitFor({ timeout: 30_000 });
  await student.getByText("threading.Thread.__init__(self)").first().waitFor();
  // The Run panel offers the lab's chatserver3.py too (exercise 2's is still hidden).
  await expect.poll(programs, { timeout: 10_000 }).toEqual(["Your chatserver3.py", "chatserver3.py (the lab's)"]);
  await student.getByRole("heading", { name: "The lab's answer" }).scrollIntoViewIfNeeded();
  await student.screenshot({ path: "/tmp/classwork-released.png" });
  await board.screenshot({ path: "/tmp/classwork-board-answers.png" });

  // Hidden again: it leaves the open page, and no page or route the lab serves holds it.
  await release.selectOption("hidden");
  await student.getByRole("heading", { name: "The lab's answer" }).waitFor({ state: "detached", timeout: 30_000 });
  await expect.poll(programs, { timeout: 10_000 }).toEqual([]);
  const after = await bodiesWhile(student, async () => {
    for (const path of ["/exercises/3", "/exercises/4", "/compare?left=stage-1&right=stage-3"]) await student.goto(`${setup.lab.base}${path}`, { waitUntil: "networkidle" });
  });
  for (const path of ["/answers/3", "/findings/3/propose-threads"]) {
    const response = await fetch(`${setup.lab.base}${path}`);
    after.push({ url: path, text: await response.text() });
    expect(response.status, path).toBe(404);
  }
  expect(after.length).toBeGreaterThan(6);
  for (const { url, text } of after) expect(secret.filter((l) => text.includes(l)), `solution lines in ${url}`).toEqual([]);
  await student.context().close();
  await board.context().close();
});

it("exercise 4's editor follows exercise 3's release live: unchanged text becomes chatserver3.py, a student's own text stays and is offered it", async () => {
  const board = await (await setup.browser.newContext({ join: false })).newPage();
  await board.goto(`${setup.lab.base}/instructor#key=${KEY}`);
  const release = board.getByLabel("Exercise 3's answer");
  await expect.poll(() => release.inputValue(), { timeout: 20_000 }).toBe("hidden");

  const fresh = await (await setup.browser.newContext()).newPage();
  await fresh.setViewportSize({ width: 1366, height: 768 });
  await fresh.goto(`${setup.lab.base}/exercises/4`);
  await loadedEditor(fresh);
  expect(await editorText(fresh)).toBe(content("programs/chatserver1.py"));
  const own = await (await setup.browser.newContext()).newPage();
  await own.goto(`${setup.lab.base}/exercises/4`);
  const mine = "# my own exercise 4\n" + content("programs/chatserver1.py");
  await pasteIntoEditor(own, mine);
  const reset = own.getByRole("button", { name: "Reset to the starting program" });
  expect(await reset.getAttribute("title")).toBe("Start again from chatserver1.py");

  const exerciseText = (page: Page) => page.locator("article").first().innerText();
  expect(await exerciseText(fresh)).toContain("It starts from chatserver1.py (your instructor has hidden the lab's later programs)");
  // The first fetch of the new starting program fails (the wifi dropped): the page tries again.
  let fetches = 0;
  await fresh.route("**/answers/3", (route) => (fetches++ === 0 ? route.abort("connectionreset") : route.continue()));

  // Released: the untouched editor now holds chatserver3.py and says why; the student's own text stays.
  await release.selectOption("released");
  await expect.poll(() => editorText(fresh), { timeout: 30_000 }).toBe(content("programs/chatserver3.py"));
  expect(fetches).toBe(2);
  await fresh.getByText("Your instructor released exercise 3's answer: you now start from chatserver3.py.").waitFor();
  // The exercise's text says so too, on both pages, and the student's own text is still theirs.
  for (const page of [fresh, own]) await expect.poll(() => exerciseText(page), { timeout: 30_000 }).toContain("It starts from chatserver3.py. Rename");
  await fresh.screenshot({ path: "/tmp/starting-released.png" });
  const offer = own.getByText("Your instructor released exercise 3's answer: the starting program is now chatserver3.py. Your text is as you left it.");
  await offer.waitFor({ timeout: 30_000 });
  expect(await editorText(own)).toBe(mine);
  expect(await reset.getAttribute("title")).toBe("Start again from chatserver3.py");
  await own.screenshot({ path: "/tmp/starting-offered.png" });
  // The offer is the toolbar's Reset, with its question naming the new program.
  await own.getByRole("button", { name: "Start again from chatserver3.py" }).click();
  await own.getByText("will be replaced by chatserver3.py").waitFor();
  await own.getByRole("button", { name: "Cancel" }).click();
  // The comparison with the starting program is with the new one.
  await own.getByRole("button", { name: "Compare with the starting program" }).click();
  await own.getByText("chatserver3.py (the starting program)").waitFor({ timeout: 30_000 });
  await own.getByRole("button", { name: "Close the comparison" }).click();

  // Hidden again: back to chatserver1.py, and nothing of chatserver3.py was kept as the student's draft.
  await release.selectOption("hidden");
  await expect.poll(() => editorText(fresh), { timeout: 30_000 }).toBe(content("programs/chatserver1.py"));
  await fresh.getByText("Your instructor hid exercise 3's answer again: you now start from chatserver1.py.").waitFor();
  await expect.poll(() => exerciseText(fresh), { timeout: 30_000 }).toContain("It starts from chatserver1.py (your instructor has hidden");
  await expect.poll(() => reset.getAttribute("title"), { timeout: 30_000 }).toBe("Start again from chatserver1.py");
  expect(await editorText(own)).toBe(mine);
  const stored = await fresh.evaluate(() => Object.values(localStorage).join("\n"));
  expect(secret.filter((l) => stored.includes(l))).toEqual([]);
  const reloaded = await bodiesWhile(fresh, async () => {
    await fresh.reload({ waitUntil: "networkidle" });
  });
  for (const { url, text } of reloaded) expect(secret.filter((l) => text.includes(l)), `solution lines in ${url}`).toEqual([]);
  await loadedEditor(fresh);
  expect(await editorText(fresh)).toBe(content("programs/chatserver1.py"));
  await fresh.context().close();
  await own.context().close();
  await board.context().close();
});
