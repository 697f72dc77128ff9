// Which of the board's rows are shown, and in what order: pure, so the board re-sorts 200 rows at
// every update without surprises (kept apart from the view; tested beside it).
import type { BoardCell, BoardRow } from "@/shared/board-messages";

export type Sort = "name" | "activity" | "progress" | "help" | "exercise";
export type Show = "everyone" | "help" | "stuck";
export interface RowChoice {
  sort: Sort;
  /** Students who started this exercise (and the exercise "exercise" sorts by), or all. */
  exercise: number | "all";
  show: Show;
}

/** An exercise's cells in the order the instructor wants to see them: trouble first. */
const TROUBLE: Record<BoardCell["status"], number> = { failed: 0, running: 1, working: 2, "not-started": 3, passed: 4 };

const passedCount = (r: BoardRow) => r.cells.filter((c) => c.status === "passed").length;
/** Waiting students first (longest first), then those being helped, then the rest. */
const helpOrder = (r: BoardRow) => (r.help ? (r.help.state === "waiting" ? 0 : 1e15) + r.help.askedAt : 2e15);

export function shownRows(rows: BoardRow[], choice: RowChoice): BoardRow[] {
  const { exercise, show, sort } = choice;
  const byName = (a: BoardRow, b: BoardRow) => a.name.localeCompare(b.name);
  const order: Record<Sort, (a: BoardRow, b: BoardRow) => number> = {
    name: byName,
    activity: (a, b) => b.lastActivity - a.lastActivity,
    progress: (a, b) => passedCount(a) - passedCount(b) || byName(a, b),
    help: (a, b) => helpOrder(a) - helpOrder(b) || byName(a, b),
    exercise: (a, b) => (exercise === "all" ? 0 : TROUBLE[a.cells[exercise].status] - TROUBLE[b.cells[exercise].status]) || byName(a, b),
  };
  return rows
    .filter((r) => (show !== "stuck" || r.stuck) && (show !== "help" || r.help) && (exercise === "all" || r.cells[exercise].status !== "not-started"))
    .sort(order[sort]);
}

/** "45 s", "3 min", "2 h" since `ms`. */
export function ago(ms: number, now: number): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  return `${Math.floor(s / 3600)} h`;
}
