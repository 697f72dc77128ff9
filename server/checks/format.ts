// The report as text for a terminal: pass/fail per check, and for a failure what was expected,
// what happened, the hint, each client's transcript and the program's stderr.
import type { CheckReport, CheckResult, Transcript } from "../../shared/check-report";

export interface FormatOptions {
  color: boolean;
  /** Transcripts for passing checks too (failures always have them). */
  verbose?: boolean;
}

const paint = (on: boolean, code: string, text: string) => (on ? `\x1b[${code}m${text}\x1b[0m` : text);

const MARK = { pass: ["32", "PASS"], fail: ["31", "FAIL"], skipped: ["33", "SKIP"] } as const;

function indent(text: string, by: string): string {
  return text
    .split("\n")
    .map((l) => by + l)
    .join("\n");
}

function transcriptText(t: Transcript): string {
  const lines = [`${t.client}:`];
  for (const e of t.entries) {
    const at = `+${(e.atMs / 1000).toFixed(3)} s`.padEnd(10);
    if (e.kind === "sent" || e.kind === "received") {
      // One quoted line each, so "\r\n" and stray spaces are visible.
      // The same line again and again (a loop that never stops) is shown once, with a count.
      const parts: Array<[string, number]> = [];
      for (const part of e.text.split(/(?<=\n)/)) {
        const last = parts.at(-1);
        if (last && last[0] === part) last[1]++;
        else parts.push([part, 1]);
      }
      parts.forEach(([part, n], i) => lines.push(`  ${i === 0 ? at : " ".repeat(10)} ${i === 0 ? e.kind.padEnd(9) : " ".repeat(9)} ${JSON.stringify(part)}${n > 1 ? ` (× ${n})` : ""}`));
    } else {
      lines.push(`  ${at} ${e.kind}: ${e.text}`);
    }
  }
  if (t.truncated) lines.push("  … (cut short)");
  return lines.join("\n");
}

function checkText(r: CheckResult, o: FormatOptions): string {
  const [code, word] = MARK[r.status];
  const out = [`${paint(o.color, code, word)}  ${r.name}  ${paint(o.color, "2", `(${(r.durationMs / 1000).toFixed(1)} s)`)}`];
  if (r.finding) out.push(`      ${paint(o.color, "1", r.finding)}`);
  const showDetail = r.status !== "pass" || o.verbose;
  if (showDetail) {
    out.push(indent(`Expected: ${r.expected}`, "      "));
    out.push(indent(`Happened: ${r.happened}`, "      "));
    if (r.hint) out.push(indent(`Hint:     ${r.hint}`, "      "));
  }
  for (const n of r.notes) out.push(`      Note: ${n}`);
  for (const w of r.warnings) out.push(`      ${paint(o.color, "33", "Warning:")} ${w}`);
  if (r.status === "fail" || o.verbose) {
    if (r.transcripts.length) {
      out.push("      Transcripts:");
      for (const t of r.transcripts) out.push(indent(transcriptText(t), "        "));
    }
  }
  if (r.stderr && (r.status === "fail" || r.warnings.length || o.verbose)) {
    out.push("      The program's stderr:");
    out.push(indent(r.stderr, "        | "));
  }
  return out.join("\n");
}

export function formatReport(report: CheckReport, o: FormatOptions): string {
  const passed = report.checks.filter((c) => c.status === "pass").length;
  const head = `Exercise ${report.exercise}: ${report.fileName} (${report.isolation.isolated ? "isolated run" : "NOT isolated"}: ${report.isolation.description})`;
  const verdict = report.passed
    ? paint(o.color, "32", `All ${report.checks.length} checks passed.`)
    : paint(o.color, "31", `${passed} of ${report.checks.length} checks passed.`);
  const busy = report.busy ? [`The lab was busy (${report.busy}): the checks waited longer than usual for the program.`, ""] : [];
  return [head, "", ...busy, ...report.checks.map((c) => checkText(c, o) + "\n"), `${verdict} (${(report.durationMs / 1000).toFixed(1)} s)`].join("\n");
}
