// Every page, checked by axe-core (the same rules browser accessibility audits use) in a real
// browser, with the editor loaded and a run with terminals on screen: no serious or critical
// violation. Students use screen readers and keyboards too.
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { labAndBrowser, loadedEditor } from "../support/browser";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const setup = labAndBrowser();

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

async function violations(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    type AxeResult = { violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> };
    const axe = (window as unknown as { axe: { run(context: Document): Promise<AxeResult> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${(n as { failureSummary?: string }).failureSummary ?? ""}`) }));
  });
  return found.filter((v) => v.impact === "serious" || v.impact === "critical");
}

it.each(["/", "/exercises/0", "/exercises/1", "/exercises/2", "/exercises/3", "/exercises/4", "/exercises/5", "/compare?left=stage-0&right=stage-1"])(
  "%s has no serious accessibility violation, with the editor loaded",
  async (path) => {
    const context = await setup.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${setup.lab.base}${path}`);
    if (path.startsWith("/exercises/") && Number(path.at(-1)) >= 2) {
      // The editor loads when it comes into view: it is in view in the workbench.
      await loadedEditor(page);
    }
    expect(await violations(page)).toEqual([]);
    await context.close();
  },
);

it("a running program with its terminals, and a check report, have no serious accessibility violation", async () => {
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${setup.lab.base}/exercises/1`);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.getByTestId("run-status").filter({ hasText: "listening on port 8888" }).waitFor();
  await page.getByRole("button", { name: "New terminal" }).click();
  await page.getByRole("region", { name: "Terminal 1" }).getByText("Connected to localhost.").waitFor();
  expect(await violations(page)).toEqual([]);
  const checks = page.getByRole("region", { name: "Check your program" });
  await checks.getByRole("button", { name: "Check", exact: true }).click();
  await checks.getByText(/All \d+ checks passed/).waitFor({ timeout: 45_000 });
  await checks.getByText(/^Transcripts/).first().click();
  expect(await violations(page)).toEqual([]);
  await context.close();
});
