// How often exercise 5's stress check catches the hazard: runs the stress check alone, many times,
// on chatserver4 (must fail) and chatserver5 (must pass), and prints the rates docs/checks.md quotes.
//   npx tsx server/checks/measure-hazard.ts [--runs 20] [program.py ...]
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { programFileName } from "../../shared/stages";
import { CONTENT_DIR } from "../paths";
import { buildLab } from "../build-lab";
import { runChecks } from "./engine";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: "string", default: "20" } } });
const runs = Number(values.runs);
const programs = positionals.length ? positionals : [4, 5].map((n) => join(CONTENT_DIR, "programs", programFileName(n)));

const { lab } = await buildLab({ secret: "fresh" });
const { sandbox } = lab;
try {
  for (const path of programs) {
    const source = readFileSync(path, "utf8");
    const findings = new Map<string, number>();
    let failed = 0;
    let slowest = 0;
    for (let i = 1; i <= runs; i++) {
      const report = await runChecks(5, source, { sandbox, fileName: basename(path), only: ["ex5-stress"] });
      const check = report.checks[0];
      slowest = Math.max(slowest, check.durationMs);
      const verdict = check.status === "pass" ? `pass${check.warnings.length ? " (with a warning)" : ""}` : `fail: ${check.finding}`;
      const replaced = check.notes.find((n) => n.includes("held back"));
      if (check.status !== "pass") failed++;
      findings.set(verdict, (findings.get(verdict) ?? 0) + 1);
      process.stderr.write(`${basename(path)} run ${i}/${runs}: ${verdict} (${(check.durationMs / 1000).toFixed(1)} s)${replaced ? `; ${replaced.split(" were")[0]} replaced` : ""}\n`);
    }
    console.log(`${basename(path)}: the stress check failed ${failed} of ${runs} runs, passed ${runs - failed}; slowest run ${(slowest / 1000).toFixed(1)} s`);
    for (const [verdict, n] of findings) console.log(`  ${n} x ${verdict}`);
  }
} finally {
  await lab.close();
}
