// The student's last check report per exercise, kept in the browser so the results are still there
// after a reload or the next day. Read through the report's own zod schema: an entry that is
// damaged or from an older lab is ignored (the student can press Check again), never trusted.
import { CheckReport } from "@/shared/check-report";
import { browserStorage, type StorageLike } from "@/app/drafts/draft-store";

const key = (exercise: number) => `chat-server-lab:report:${exercise}`;

export interface SavedReport {
  report: CheckReport;
  /** When the checks finished. */
  at: Date;
}

export function saveReport(exercise: number, report: CheckReport, storage: StorageLike | null = browserStorage()): void {
  try {
    storage?.setItem(key(exercise), JSON.stringify({ at: new Date().toISOString(), report }));
  } catch {
    // Storage full or refused: the result still shows on this page, it just won't survive a reload.
  }
}

export function loadReport(exercise: number, storage: StorageLike | null = browserStorage()): SavedReport | null {
  try {
    const raw = storage?.getItem(key(exercise));
    if (!raw) return null;
    const value = JSON.parse(raw) as { at?: unknown; report?: unknown };
    const report = CheckReport.safeParse(value.report);
    const at = new Date(typeof value.at === "string" ? value.at : NaN);
    return report.success && report.data.exercise === exercise && !Number.isNaN(at.getTime()) ? { report: report.data, at } : null;
  } catch {
    return null;
  }
}
