// The answer kept for later: exercises 2-5 show the program the student starts from, and no
// response the page gets holds a line of the lab's solution until the student reveals it; then the
// programming points and the comparison that shows the fix appear, and stay revealed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { labAndBrowser } from "../support/browser";

const content = (path: string) => readFileSync(join(import.meta.dirname, "..", "..", "content", path), "utf8");
const program = (n: number) => content(`programs/chatserver${n}.py`);
/** A line's code without its comment, and the whole line: what a solution is made of. */
const lines = (text: string) => text.split("\n").flatMap((l) => [l.trim(), l.replace(/#.*/, "").trim()]);
const withoutPoints = (n: number) => content(`exercises/${n}.md`).split(/^## /m).filter((s) => !s.startsWith("Programming points")).join("");
/**
 * Exercise N's secrets: lines of the lab's chatserverN.py (and later ones) that the programs before
 * it do not have and its text (which quotes a little code) does not quote.
 */
function secrets(stage: number): string[] {
  const known = new Set([0, 1, 2, 3, 4, 5].filter((n) => n < stage).flatMap((n) => lines(program(n))));
  const text = withoutPoints(stage);
  return [...new Set([2, 3, 4, 5].filter((n) => n >= stage).flatMap((n) => lines(program(n))))].filter((l) => l.length >= 12 && !known.has(l) && !text.includes(l));
}
const unescape = (html: string) => html.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

const setup = labAndBrowser();

it("exercises 2-5 hold no line of the lab's solution until the student reveals it", async () => {
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  for (const stage of [2, 3, 4, 5]) {
    const secret = secrets(stage);
    expect(secret.length, `secrets of exercise ${stage}`).toBeGreaterThan(1);
    const bodies: Array<{ url: string; text: string }> = [];
    const listen = async (response: import("playwright-core").Response) => {
      try {
        bodies.push({ url: response.url(), text: await response.text() });
      } catch {
        // redirects have no body
      }
    };
    page.on("response", listen);
    await page.goto(`${setup.lab.base}/exercises/${stage}`, { waitUntil: "networkidle" });
    page.off("response", listen);
    expect(bodies.length).toBeGreaterThan(3);
    for (const { url, text } of bodies) expect(secret.filter((line) => unescape(text).includes(line)), `solution lines in ${url}`).toEqual([]);
    // The page shows the program the student starts from (in the editor's box).
    const html = bodies.find((b) => b.url === `${setup.lab.base}/exercises/${stage}`)?.text ?? "";
    expect(unescape(html)).toContain(`chatserver${stage - 1}.py - stage ${stage - 1}`);
    expect(await page.getByRole("heading", { name: "Programming points" }).count()).toBe(0);
  }
  await context.close();
});

it("Show the lab's answer brings the programming points, the comparison with the fix, the answer's comparison button and the findings that give it away", async () => {
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${setup.lab.base}/exercises/2`);
  const findings = page.locator("#task-propose-loop");
  await findings.getByRole("textbox", { name: "Your findings" }).fill("a loop around accept");
  const compareFindings = findings.getByRole("button", { name: "Compare with the lab's findings" });
  expect(await compareFindings.isDisabled()).toBe(true);
  await findings.getByText("they come with the lab's answer").waitFor();

  await page.getByRole("button", { name: "Show the lab's answer" }).click();
  const answer = page.getByRole("region", { name: "The lab's answer" });
  await answer.getByRole("heading", { name: "Programming points" }).waitFor();
  await answer.getByRole("heading", { name: "Side by side: chatserver1.py and chatserver2.py" }).waitFor();
  // The comparison shows the fix: the loop, and the class's new name.
  expect(await answer.locator("figure").first().innerText()).toContain("while True:");
  expect((await answer.locator("ins").allInnerTexts()).join(" ")).toMatch(/server2/);
  await answer.getByText("3 lines changed, 1 added, 0 removed").first().waitFor();
  await page.getByRole("button", { name: "Compare with the lab's answer" }).waitFor();

  // Findings now, rendered from their Markdown (code, not backticks).
  await compareFindings.click();
  const shown = findings.getByRole("region", { name: "The lab's findings" });
  await shown.locator("code", { hasText: "while True:" }).waitFor();
  expect(await shown.innerText()).not.toContain("`");

  // Revealed stays revealed, for this exercise only.
  await page.reload();
  await page.getByRole("region", { name: "The lab's answer" }).getByRole("heading", { name: "Programming points" }).waitFor();
  await page.goto(`${setup.lab.base}/exercises/3`);
  await page.getByRole("button", { name: "Show the lab's answer" }).waitFor();
  await context.close();
});
