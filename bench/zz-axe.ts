import { chromium } from "playwright-core";
const base = "http://127.0.0.1:3100";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const ctx = await b.newContext({ viewport: { width: 1366, height: 900 } });
const page = await ctx.newPage();
for (const path of ["/", "/exercises/0", "/exercises/2", "/exercises/4", "/exercises/5", "/compare?left=stage-3&right=stage-4"]) {
  await page.goto(base + path);
  await page.waitForTimeout(1500);
  await page.addScriptTag({ path: "node_modules/axe-core/axe.min.js" });
  const result = await page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, n: v.nodes.length, first: v.nodes[0]?.target?.join(" "), html: v.nodes[0]?.html?.slice(0, 160), summary: v.nodes[0]?.failureSummary?.slice(0, 200) }));
  });
  console.log(path, JSON.stringify(result, null, 1));
}
await b.close(); process.exit(0);
