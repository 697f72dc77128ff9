// Shared by the checks' tests: the programs, and a runChecks whose
// report must also be valid by its own schema (it travels over the WebSocket as JSON).
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CONTENT_DIR } from "../../server/paths";
import { programFileName, STAGES } from "../../shared/stages";
import type { Sandbox } from "../../server/sandbox/types";
import { CheckReport, type CheckResult, type Exercise, type Progress } from "../../shared/check-report";
import { runChecks } from "../../server/checks";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** "chatserver3" is the tutorial's program; anything else is one of tests/checks/programs. */
export function programPath(name: string): string {
  const stage = STAGES.find((s) => programFileName(s) === `${name}.py`);
  return stage !== undefined ? join(CONTENT_DIR, "programs", programFileName(stage)) : join(ROOT, "tests", "checks", "programs", `${name}.py`);
}

export interface Checked {
  report: CheckReport;
  progress: Progress[];
  /** The first check that did not pass, if any. */
  failure: CheckResult | undefined;
  byId(id: string): CheckResult;
}

export async function check(sandbox: Sandbox, exercise: Exercise, name: string, only?: string[]): Promise<Checked> {
  const path = programPath(name);
  const progress: Progress[] = [];
  const report = await runChecks(exercise, readFileSync(path, "utf8"), {
    sandbox,
    fileName: basename(path),
    onProgress: (p) => progress.push(p),
    ...(only ? { only } : {}),
  });
  // What crosses the WebSocket is JSON: the report must survive that and still match its schema.
  CheckReport.parse(JSON.parse(JSON.stringify(report)));
  return {
    report,
    progress,
    failure: report.checks.find((c) => c.status !== "pass"),
    byId: (id) => report.checks.find((c) => c.id === id) ?? (() => { throw new Error(`no check ${id} in the report`); })(),
  };
}

/** A readable assertion message: what the report said, for a failing expectation. */
export function explain(result: CheckResult | undefined): string {
  if (!result) return "(every check passed)";
  return `${result.name}: ${result.status} — ${result.finding ?? ""}\n${result.happened}\n${result.stderr ?? ""}`;
}
