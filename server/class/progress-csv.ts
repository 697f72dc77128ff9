// The class's progress as CSV: student × exercise with status, checks passed (of the exercise's
// checks, in the latest check), when first passed, and number of checks run (the board's "Export
// CSV", and `npm run export`).
import type { BoardRow } from "../../shared/board-messages";

const cell = (value: string | number) => {
  const text = String(value);
  // Quote always; a leading =, +, - or @ would be a formula in a spreadsheet (CSV injection).
  return `"${(/^[=+\-@]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
};

export function progressCsv(rows: BoardRow[]): string {
  const lines = [["student", "exercise", "status", "failed check", "checks passed", "of checks", "first passed", "checks run"].map(cell).join(",")];
  for (const row of [...rows].sort((a, b) => a.name.localeCompare(b.name))) {
    row.cells.forEach((c, exercise) => {
      const first = c.firstPassedAt !== undefined ? new Date(c.firstPassedAt).toISOString() : "";
      lines.push([row.name, exercise, c.status, c.failedCheck ?? "", c.latest?.passed ?? "", c.latest?.of ?? "", first, c.checks].map(cell).join(","));
    });
  }
  return lines.join("\r\n") + "\r\n";
}
