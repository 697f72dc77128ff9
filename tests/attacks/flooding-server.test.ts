// A student's server that floods the lab's own clients (Check and Stress test): the clients keep a
// bounded window and stop reading past their allowance, so the lab's memory stays bounded, the
// student is told in words, and a classmate's terminal keeps answering meanwhile. (Measured on the
// lab before this: 129 MiB to 3.3 GiB, and every terminal frozen for ~90 s.)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckReport } from "../../server/checks";
import { labForFile } from "../support/per-file";
import { Bystander, MiB, startAttackLab } from "./support";

const program = (name: string) => readFileSync(join(__dirname, name), "utf8");

const lab = labForFile(() => startAttackLab());

describe("a server that floods the lab's clients", () => {
  it("fails Check with a clear finding and is stopped by Stress test, while the lab's memory stays bounded and a classmate keeps chatting", async () => {
    const rssBefore = process.memoryUsage().rss;
    let rssMax = rssBefore;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 50);
    const attacker = await Bystander.connect(lab.base); // only for its session
    const bystander = await Bystander.connect(lab.base);
    try {
      // Stress test on a running flooder...
      const runId = await attacker.client.startSource(program("flood_clients.py"), 5, "flooder");
      await attacker.client.waitListening(runId);
      attacker.client.send({ type: "stress.start", runId });
      const stressed = attacker.client.waitFor((m) => m.type === "stress.stats" && m.runId === runId && m.done && m.summary, 60_000, "the stress test's end");
      // ...and Check of two flooders, one after the other in the same session...
      const checked = (async () => {
        const reports: CheckReport[] = [];
        for (const name of ["flood_clients.py", "flood_after_echo.py"]) {
          const before = attacker.client.messages.length;
          attacker.client.send({ type: "check.start", exercise: 5, program: { kind: "source", name, source: program(name), stage: 5 } });
          reports.push(await attacker.client.waitFor((m) => attacker.client.messages.indexOf(m) >= before && m.type === "check.report" && m.report, 60_000, "the check report"));
        }
        return reports;
      })();
      // ...while a classmate chats through a terminal, until all that is over.
      let over = false;
      void Promise.allSettled([stressed, checked]).then(() => (over = true));
      const rtts: number[] = [];
      while (!over) rtts.push(...(await bystander.chat(3)));
      const [summary, reports] = [await stressed, await checked];

      expect(summary).toMatch(/^The stress test stopped: the program sent client \d+ \d+ KB without stopping.*a chat server should send only what it receives/);
      for (const report of reports) {
        expect(report.passed).toBe(false);
        expect(report.checks[0].finding).toMatch(/^your server sent \d+ KB without stopping$/);
        for (const check of report.checks.filter((c) => c.status === "fail")) expect(check.finding).toMatch(/^your server sent \d+ KB without stopping$/);
        // What the lab keeps and re-sends of a report is small, however much was sent.
        expect(JSON.stringify(report).length).toBeLessThan(200_000);
      }
      console.log(`flooding server: lab RSS ${(rssBefore / MiB).toFixed(0)} → max ${(rssMax / MiB).toFixed(0)} MiB; bystander round trips ${rtts.map((t) => t.toFixed(0)).join(", ")} ms`);
      expect(rssMax - rssBefore).toBeLessThan(150 * MiB);
      expect(Math.max(...rtts)).toBeLessThan(500);
    } finally {
      clearInterval(sampler);
      attacker.close();
      bystander.close();
    }
  });
});
