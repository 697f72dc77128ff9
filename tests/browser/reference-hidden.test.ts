// An instructor hides the reference solutions (LAB_REFERENCE=0): no page, script or response the
// browser gets holds their code, their routes are gone, and the lab refuses to run them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { labAndBrowser } from "../support/browser";
import { LabClient } from "../support/lab-client";

const content = (path: string) => readFileSync(join(import.meta.dirname, "..", "..", "content", path), "utf8");
const program = (n: number) => content(`programs/chatserver${n}.py`);
/** A line's code without its comment: what a solution is made of. */
const code = (text: string) => text.split("\n").map((l) => l.replace(/#.*/, "").trim());
const shown = new Set([...code(program(0)), ...code(program(1))]);
/** The workbook's text as a hidden-reference lab shows it: exercises 2-5 without their programming points. */
const workbook = [0, 1, 2, 3, 4, 5]
  .map((n) => (n < 2 ? content(`exercises/${n}.md`) : content(`exercises/${n}.md`).split(/^## /m).filter((section) => !section.startsWith("Programming points")).join("")))
  .join("\n");
/**
 * Lines of the reference solutions that neither the visible programs nor that text (which quotes a
 * little code, as the tutorial does) contain: none of these may reach a browser.
 */
const secret = [...new Set([2, 3, 4, 5].flatMap((n) => code(program(n))))].filter((l) => l.length >= 12 && !shown.has(l) && !workbook.includes(l));
const unescape = (html: string) => html.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

const setup = labAndBrowser({ LAB_REFERENCE: "0" });

it("with reference solutions hidden, no page, script or response contains reference code", async () => {
  expect(secret.length).toBeGreaterThan(10);
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  const bodies: Array<{ url: string; text: string }> = [];
  page.on("response", async (response) => {
    try {
      bodies.push({ url: response.url(), text: await response.text() });
    } catch {
      // redirects and aborted requests have no body
    }
  });
  for (const path of ["/", "/exercises/0", "/exercises/1", "/exercises/2", "/exercises/3", "/exercises/4", "/exercises/5", "/compare", "/compare?left=stage-1&right=own-3"]) {
    await page.goto(`${setup.lab.base}${path}`, { waitUntil: "networkidle" });
  }
  expect(bodies.length).toBeGreaterThan(20);
  for (const { url, text } of bodies) {
    const plain = unescape(text);
    const leaked = secret.filter((line) => plain.includes(line));
    expect(leaked, `reference code in ${url}`).toEqual([]);
  }
  for (const path of ["/answers/2", "/answers/5", "/findings/2/propose-loop", "/findings/1/blank-line"]) {
    expect((await fetch(`${setup.lab.base}${path}`)).status, path).toBe(404);
  }
  await context.close();
});

it("with reference solutions hidden, the lab refuses to run or check them", async () => {
  const client = await LabClient.connect(setup.lab.base);
  client.send({ type: "run.start", slot: "exercise-3", program: { kind: "stage", stage: 3 } });
  const error = await client.waitFor((m) => m.type === "error" && m, 5000, "an error");
  expect(error).toMatchObject({ code: "reference-hidden" });
  client.send({ type: "check.start", exercise: 4, program: { kind: "stage", stage: 4 } });
  await client.waitFor((m) => m.type === "error" && m.code === "reference-hidden" && client.messages.filter((x) => x.type === "error").length >= 2, 5000, "a second error");
  // The visible programs still run.
  const runId = await client.startStage(1);
  await client.waitListening(runId);
  client.close();
});

it("with reference solutions hidden, exercises 2-5 do not send students to the lab's solution, and 3-5 say they start from chatserver1.py", async () => {
  for (const stage of [2, 3, 4, 5]) {
    const html = unescape(await (await fetch(`${setup.lab.base}/exercises/${stage}`)).text());
    expect(html).toContain(`Compare your program with stage ${stage - 1}:`);
    expect(html).not.toMatch(/with the lab's <code>chatserver/);
    expect(html).not.toContain("Show the lab's answer");
    if (stage === 2) continue;
    expect(html).toContain("It starts from <code>chatserver1.py</code> (your instructor has hidden the lab's later programs)");
    expect(html).toContain(`Start from your chatserver${stage - 1}.py`);
    expect(html).not.toContain(`It starts from <code>chatserver${stage - 1}.py</code>`);
    if (stage === 5) expect(html).toContain("Read your own <code>chatserver4.py</code> from exercise 4 again");
  }
});
