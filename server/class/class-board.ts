// The live class board, kept in memory: a row per student, a cell per exercise. Loaded from the
// class store at start, then changed by events (a save, a run, a check); an instructor's socket
// gets the whole board when it opens (200 rows are ~60 kB), then, at most every BOARD_INTERVAL_MS
// after a change, only the rows that changed (a class saving every 2 s changes ~25 of 200 a tick).
// Each row is encoded again only when it changed.
import type { BoardCell, BoardRow } from "../../shared/board-messages";
import type { HelpStatus } from "../../shared/class-messages";
import type { CheckRecord, ClassStore, Student } from "../store/class-store";
import type { HelpRequest } from "../store/help-requests";

export const BOARD_INTERVAL_MS = 250;
const EXERCISES = 6;
/** No change this long after an error: stuck. */
const STUCK_AFTER_MS = 10 * 60_000;
const STUCK_FAILURES = 3;

const emptyCell = (): BoardCell => ({ status: "not-started", checks: 0, sameFailures: 0 });

/** The last "SomethingError: message" line of a Python traceback in output, if any. */
export function tracebackHeadline(text: string): string | undefined {
  const lines = text.split("\n").filter((l) => /^[A-Za-z_.]*(Error|Exception|Interrupt|Exit)\b(:.*)?$/.test(l.trim()));
  return lines.at(-1)?.trim().slice(0, 200);
}

/** How many of a kept check report's checks passed (the board's "3 of 5"). */
function latestOf(reportJson: string): BoardCell["latest"] {
  try {
    const checks = (JSON.parse(reportJson) as { checks?: Array<{ status?: string }> }).checks;
    return Array.isArray(checks) ? { passed: checks.filter((c) => c.status === "pass").length, of: checks.length } : undefined;
  } catch {
    return undefined;
  }
}

export class ClassBoard {
  private readonly rows = new Map<string, BoardRow>();
  private readonly listeners = new Set<(changedRowsJson: string) => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Open help requests by student. */
  private readonly help = new Map<string, HelpRequest>();
  /**
   * Each row's JSON as last encoded, with the help request and "stuck" it was made with; rows
   * changed since are in `touched`. A class saving every 2 s changes ~25 of 200 rows a tick, and
   * encoding the whole board every tick (for each instructor) was a twentieth of the lab's CPU.
   */
  private readonly encoded = new Map<string, { json: string; help: HelpRequest | undefined; stuck: boolean }>();
  private readonly touched = new Set<string>();
  /** Rows encoded anew since the last tick told the listeners (a socket opened meanwhile got them whole). */
  private readonly unsent = new Set<string>();

  async load(store: ClassStore): Promise<void> {
    for (const s of await store.students()) this.row(s).lastActivity = s.lastSeenAt;
    for (const record of await store.checkRuns()) this.applyCheck(record);
    for (const request of await store.help.all()) this.help.set(request.studentId, request);
    for (const [id, row] of this.rows) {
      for (const w of await store.work(id)) {
        if (w.item === "draft" && row.cells[w.exercise]?.status === "not-started") row.cells[w.exercise].status = "working";
        if (w.item === "report" && row.cells[w.exercise]) row.cells[w.exercise].latest = latestOf(w.text);
        row.lastActivity = Math.max(row.lastActivity, w.updatedAt);
      }
    }
    this.encoded.clear();
  }

  private row(student: Pick<Student, "id" | "name">): BoardRow {
    let row = this.rows.get(student.id);
    if (!row) {
      row = { studentId: student.id, name: student.name, lastActivity: Date.now(), online: false, cells: Array.from({ length: EXERCISES }, emptyCell), stuck: false };
      this.rows.set(student.id, row);
    }
    return row;
  }

  /** The student did something: their row shows it, and when. */
  private changed(row: BoardRow, now = Date.now()): void {
    row.lastActivity = now;
    this.touch(row);
  }

  /** The row changed: encoded again (rowsJson) and sent with the next tick. */
  private touch(row: BoardRow): void {
    this.touched.add(row.studentId);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.listeners.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const rows = this.changedRowsJson();
      if (rows !== "[]") for (const listener of this.listeners) listener(rows);
    }, BOARD_INTERVAL_MS);
  }

  private applyCheck(record: CheckRecord): void {
    const cell = this.rows.get(record.studentId)?.cells[record.exercise];
    if (!cell) return;
    cell.checks++;
    if (record.latest) cell.latest = record.latest;
    if (record.passed) {
      cell.status = "passed";
      cell.failedCheck = undefined;
      cell.sameFailures = 0;
      cell.firstPassedAt ??= record.createdAt;
    } else {
      cell.sameFailures = cell.failedCheck === record.failedCheck ? cell.sameFailures + 1 : 1;
      cell.status = "failed";
      cell.failedCheck = record.failedCheck ?? undefined;
    }
  }

  joined(student: Student): void {
    this.changed(this.row(student));
  }

  online(student: Student, online: boolean): void {
    const row = this.row(student);
    if (row.online === online) return;
    row.online = online;
    this.touch(row);
  }

  worked(student: Student, exercise: number): void {
    const row = this.row(student);
    const cell = row.cells[exercise];
    if (cell && cell.status === "not-started") cell.status = "working";
    this.changed(row);
  }

  ran(student: Student, exercise: number, running: boolean): void {
    const row = this.row(student);
    const cell = row.cells[exercise];
    if (!cell) return;
    if (running && cell.status !== "passed") cell.status = "running";
    else if (!running && cell.status === "running") cell.status = cell.checks > 0 ? (cell.failedCheck ? "failed" : "passed") : "working";
    this.changed(row);
  }

  checked(record: CheckRecord): void {
    this.applyCheck(record);
    const row = this.rows.get(record.studentId);
    if (row) this.changed(row, record.createdAt);
  }

  traceback(student: Student, headline: string): void {
    const row = this.row(student);
    row.traceback = headline;
    row.tracebackAt = Date.now();
    this.changed(row);
  }

  /** A student's name and whether a page of theirs is open (undefined: no such student). */
  student(studentId: string): { name: string; online: boolean } | undefined {
    const row = this.rows.get(studentId);
    return row && { name: row.name, online: row.online };
  }

  /** A help request asked, changed (helping) or closed (undefined). */
  setHelp(studentId: string, request: HelpRequest | undefined): void {
    if (request) this.help.set(studentId, request);
    else this.help.delete(studentId);
    this.schedule();
  }

  /** Students with an open request, longest waiting first. */
  helpQueue(): HelpRequest[] {
    return [...this.help.values()].sort((a, b) => a.askedAt - b.askedAt || a.studentId.localeCompare(b.studentId));
  }

  /** A student's request as their page shows it: their place among those still waiting. */
  helpStatus(studentId: string): HelpStatus {
    const request = this.help.get(studentId);
    if (!request) return { state: "none" };
    if (request.state === "helping") return { state: "helping", message: request.message, askedAt: request.askedAt };
    const waiting = this.helpQueue().filter((r) => r.state === "waiting");
    return { state: "waiting", place: waiting.findIndex((r) => r.studentId === studentId) + 1, message: request.message, askedAt: request.askedAt };
  }

  /** The same check failed 3 times, or an error and 10 quiet minutes. */
  private stuck(row: BoardRow, now: number): boolean {
    return row.cells.some((c) => c.status === "failed" && c.sameFailures >= STUCK_FAILURES) || (row.tracebackAt !== undefined && row.tracebackAt >= row.lastActivity - 1 && now - row.lastActivity > STUCK_AFTER_MS);
  }

  private view(row: BoardRow, request: HelpRequest | undefined, stuck: boolean): BoardRow {
    return { ...row, help: request && { state: request.state, message: request.message, askedAt: request.askedAt }, cells: row.cells.map((c) => ({ ...c })), stuck };
  }

  /** Every row, with "stuck" worked out now. */
  snapshot(now = Date.now()): BoardRow[] {
    return [...this.rows.values()].map((row) => this.view(row, this.help.get(row.studentId), this.stuck(row, now)));
  }

  /** Encodes again the rows that changed (an event, their help request, or "stuck" with time). */
  private encode(now: number): void {
    for (const row of this.rows.values()) {
      const help = this.help.get(row.studentId);
      const stuck = this.stuck(row, now);
      const known = this.encoded.get(row.studentId);
      if (!known || this.touched.has(row.studentId) || known.help !== help || known.stuck !== stuck) {
        this.encoded.set(row.studentId, { json: JSON.stringify(this.view(row, help, stuck)), help, stuck });
        this.unsent.add(row.studentId);
      }
    }
    this.touched.clear();
  }

  /** Every row as JSON (an array): what a socket gets when it opens, and now and then. */
  rowsJson(now = Date.now()): string {
    this.encode(now);
    return `[${[...this.rows.keys()].map((id) => this.encoded.get(id)!.json).join(",")}]`;
  }

  /** The rows that changed since the last call, as JSON (an array; "[]": none). */
  changedRowsJson(now = Date.now()): string {
    this.encode(now);
    const parts = [...this.unsent].map((id) => this.encoded.get(id)!.json);
    this.unsent.clear();
    return `[${parts.join(",")}]`;
  }

  /** Calls `listener` with the rows that changed, as JSON (changedRowsJson), at most every BOARD_INTERVAL_MS after a change. */
  watch(listener: (changedRowsJson: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
