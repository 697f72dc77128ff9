// The corpus of student programs, each judged as it must be, beside a CPU-hogging neighbour
// (`yes > /dev/null`, stopped when the corpus is done): a busy machine must not change a verdict.
// Programs are checked two at a time: the lab's check line allows four (LAB_CHECKS_AT_ONCE), but the
// hog takes one of CI's two cores, and another test file runs beside this one.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChecks, type CheckReport } from "../../server/checks";
import type { Sandbox } from "../../server/sandbox/types";
import { CORPUS, type CorpusProgram } from "./corpus";
import { strongSandbox } from "../support/sandbox-runs";

const AT_ONCE = 2;
const HOG_MS = 600_000;

let sandbox: Sandbox;
let hog: ChildProcess | null = null;
const reports = new Map<string, Promise<CheckReport>>();

beforeAll(async () => {
  sandbox = await strongSandbox();
  // The neighbour: one core's worth of busy work for as long as the corpus runs, never longer.
  if (process.env.CORPUS_QUIET !== "1") hog = spawn("sh", ["-c", `exec timeout ${HOG_MS / 1000} yes > /dev/null`], { stdio: "ignore" });
  // Start them all now, AT_ONCE at a time; each test awaits its own.
  let free = AT_ONCE;
  const waiting: Array<() => void> = [];
  const slot = () => (free > 0 ? (free--, Promise.resolve()) : new Promise<void>((r) => waiting.push(r)));
  const release = () => (waiting.length ? waiting.shift()!() : free++);
  for (const p of CORPUS) {
    const source = readFileSync(join(__dirname, "corpus", p.file), "utf8");
    const report = slot().then(() => runChecks(p.exercise, source, { sandbox, fileName: p.file }).finally(release));
    report.catch(() => {});
    reports.set(p.file, report);
  }
});
afterAll(async () => {
  // TERM, which timeout(1) passes on to yes: a KILL ends timeout alone and leaves yes spinning for good.
  hog?.kill("SIGTERM");
  await Promise.allSettled(reports.values());
  await sandbox?.close();
});

function summary(report: CheckReport): string {
  return report.checks.map((c) => `${c.id}: ${c.status}${c.finding ? ` — ${c.finding}` : ""}\n  ${c.happened}\n  hint: ${c.hint ?? ""}\n  warnings: ${c.warnings.join(" | ")}`).join("\n");
}

function judge(p: CorpusProgram, report: CheckReport): void {
  const failure = report.checks.find((c) => c.status === "fail");
  expect(report.passed ? "pass" : "fail", summary(report)).toBe(p.verdict);
  if (p.finding) expect(failure?.finding, summary(report)).toMatch(p.finding);
  if (p.warning) expect(report.checks.flatMap((c) => c.warnings).join("\n"), summary(report)).toMatch(p.warning);
  if (p.never) {
    for (const c of report.checks) expect(`${c.finding ?? ""} ${c.hint ?? ""} ${c.warnings.join(" ")}`, summary(report)).not.toMatch(p.never);
  }
}

describe("the corpus of student programs, beside a CPU hog", () => {
  for (const p of CORPUS) {
    it(`${p.file}: exercise ${p.exercise} ${p.verdict === "pass" ? "passes" : `fails: ${p.finding?.source ?? ""}`}`, async () => {
      judge(p, await reports.get(p.file)!);
    }, 240_000);
  }
});
