// `npm run export`: the whole class as JSON (students with their work and check runs, and the
// progress board) and the progress as CSV, read from the class store (SQLite or PostgreSQL). Safe
// while the lab runs: it only reads (SQLite's WAL lets a reader in beside the lab's writes).
import { ClassBoard } from "../class/class-board";
import { progressCsv } from "../class/progress-csv";
import type { BoardRow } from "../../shared/board-messages";
import type { CheckRecord, ClassStore, WorkItem } from "./class-store";

export interface ClassExport {
  exportedAt: string;
  students: Array<{ name: string; code: string; joinedAt: string; lastSeenAt: string; work: WorkItem[]; checks: Array<Omit<CheckRecord, "studentId">> }>;
  progress: BoardRow[];
}

export async function exportClass(store: ClassStore, now = new Date()): Promise<{ json: ClassExport; csv: string }> {
  const board = new ClassBoard();
  await board.load(store);
  const progress = board.snapshot(now.getTime());
  const checks = await store.checkRuns();
  const students = [];
  for (const s of await store.students()) {
    students.push({
      name: s.name,
      code: s.code,
      joinedAt: new Date(s.createdAt).toISOString(),
      lastSeenAt: new Date(s.lastSeenAt).toISOString(),
      work: (await store.work(s.id)).filter((w) => w.version > 0).sort((a, b) => a.exercise - b.exercise || a.item.localeCompare(b.item)),
      checks: checks.filter((c) => c.studentId === s.id).map(({ studentId: _, ...c }) => c),
    });
  }
  return { json: { exportedAt: now.toISOString(), students, progress }, csv: progressCsv(progress) };
}
