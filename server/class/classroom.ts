// The class as the lab server sees it: which session is which student, joining with a name or a
// personal code, and the students' work kept in the class store. When the database fails, saves
// answer "paused" (the browser keeps the work and sends it again) and the instructor is told; the
// next save that succeeds resumes.
import { timingSafeEqual } from "node:crypto";
import type { CheckReport } from "../../shared/check-report";
import type { ProgramSpec } from "../../shared/protocol";
import type { ClassStore, Student } from "../store/class-store";
import { WorkItemName, type HistoryView, type StudentView, type WorkPiece } from "../../shared/class-messages";
import { ClassBoard } from "./class-board";
import { KeyCheck } from "./instructor-key";
import { checkName } from "./student-name";

export type Refusal = { field: "name" | "classCode" | "code"; message: string };

/** Wrong personal codes one browser may try per window before it must wait. */
const WRONG_CODES_ALLOWED = 5;
const WRONG_CODE_WINDOW_MS = 10 * 60_000;
/** Every wrong code or class code waits this long before its answer: guessing is slow. */
export const WRONG_GUESS_DELAY_MS = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const studentView = (s: Student): StudentView => ({ name: s.name, code: s.code });

export class Classroom {
  /** Whether the last database call failed, and why (the instructor's board shows a banner). */
  paused: string | null = null;
  private readonly wrongCodes = new Map<string, { count: number; since: number }>();
  private readonly bySession = new Map<string, Student>();
  /** The live class board (the instructor's view). */
  readonly board = new ClassBoard();

  /** The instructor's terminals open to each student's server now (their page and desk say so). */
  readonly visitors = new Map<string, number>();
  /** The instructor's key, and its guessing slowed. */
  readonly keys: KeyCheck;

  constructor(
    readonly store: ClassStore,
    readonly classCode: string | undefined,
    instructorKey: string,
  ) {
    this.keys = new KeyCheck(instructorKey);
  }

  /** Runs a database call, noting failure and recovery. */
  private async db<T>(call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      this.paused = null;
      return result;
    } catch (error) {
      this.paused = `The class database is unreachable (${(error as Error).message}): students' work is kept in their browsers until it is back.`;
      throw error;
    }
  }

  /** The student this browser session is, if it joined (cached once known). */
  async studentOf(sessionId: string): Promise<Student | null> {
    const known = this.bySession.get(sessionId);
    if (known) return known;
    const student = await this.db(() => this.store.studentOfSession(sessionId));
    if (student) this.bySession.set(sessionId, student);
    return student;
  }

  cachedStudentOf(sessionId: string): Student | undefined {
    return this.bySession.get(sessionId);
  }

  async join(sessionId: string, rawName: string, classCode: string | undefined): Promise<Student | Refusal> {
    if (this.classCode !== undefined && !sameText((classCode ?? "").trim(), this.classCode)) {
      await sleep(WRONG_GUESS_DELAY_MS);
      return { field: "classCode", message: classCode ? "That class code is not this class's: check it with your instructor." : "Type the class code your instructor gave you." };
    }
    const name = checkName(rawName);
    if (!name.ok) return { field: "name", message: name.message };
    const student = await this.db(() => this.store.addStudent(name.name, name.key));
    if (!student) {
      return {
        field: "name",
        message: `"${name.name}" is already in the class, or looks too much like a name that is. If that is you on another computer, use your personal code ("Continue on another computer"); otherwise add an initial.`,
      };
    }
    await this.db(() => this.store.bindSession(sessionId, student.id));
    this.bySession.set(sessionId, student);
    this.board.joined(student);
    return student;
  }

  async continueWith(sessionId: string, rawCode: string): Promise<Student | Refusal> {
    const now = Date.now();
    const wrong = this.wrongCodes.get(sessionId);
    if (wrong && now - wrong.since < WRONG_CODE_WINDOW_MS && wrong.count >= WRONG_CODES_ALLOWED) {
      const minutes = Math.ceil((wrong.since + WRONG_CODE_WINDOW_MS - now) / 60_000);
      return { field: "code", message: `Too many wrong codes from this browser: wait ${minutes} minute${minutes === 1 ? "" : "s"}, or ask your instructor for your code.` };
    }
    const code = rawCode.toUpperCase().replace(/[\s-]/g, "");
    const student = /^[2-9A-Z]{8}$/.test(code) ? await this.db(() => this.store.studentByCode(code)) : null;
    if (!student) {
      const entry = wrong && now - wrong.since < WRONG_CODE_WINDOW_MS ? wrong : { count: 0, since: now };
      entry.count++;
      this.wrongCodes.set(sessionId, entry);
      await sleep(WRONG_GUESS_DELAY_MS);
      return { field: "code", message: "No student has that code: check it (8 letters and digits, shown under your name on your other computer)." };
    }
    await this.db(() => this.store.bindSession(sessionId, student.id));
    this.bySession.set(sessionId, student);
    return student;
  }

  async work(student: Student): Promise<WorkPiece[]> {
    const items = await this.db(() => this.store.work(student.id));
    // Only what the page edits: the kept check report (item "report") is for the instructor's desk,
    // and a page sent one threw away the whole class.student message as outside the protocol.
    return items.filter((w) => w.version > 0 && WorkItemName.safeParse(w.item).success) as WorkPiece[];
  }

  async save(student: Student, exercise: number, item: string, text: string, baseVersion: number) {
    const saved = await this.db(() => this.store.saveWork(student.id, exercise, item, text, baseVersion));
    if (item === "draft") this.board.worked(student, exercise);
    return saved;
  }

  keep(student: Student, exercise: number, item: string, text: string, reason: string) {
    return this.db(() => this.store.keepVersion(student.id, exercise, item, text, reason));
  }

  /** A finished check: progress for the board, the report kept with the student's work. Never throws. */
  async reported(student: Student | null, report: CheckReport): Promise<void> {
    if (!student) return;
    const failed = report.checks.find((c) => c.status === "fail");
    const latest = { passed: report.checks.filter((c) => c.status === "pass").length, of: report.checks.length };
    const record = { studentId: student.id, exercise: report.exercise, passed: report.passed, failedCheck: failed?.name ?? null, createdAt: Date.now(), latest };
    this.board.checked(record);
    await this.db(async () => {
      await this.store.recordCheck(record);
      const current = (await this.store.work(student.id)).find((w) => w.exercise === report.exercise && w.item === "report");
      await this.store.saveWork(student.id, report.exercise, "report", JSON.stringify(report), current?.version ?? 0);
    }).catch(() => {});
  }

  /** The student ran or checked their own program: that text is kept as a version. Never throws. */
  async programUsed(student: Student | null, program: ProgramSpec, reason: "run" | "check"): Promise<void> {
    if (!student || program.kind !== "source") return;
    await this.keep(student, program.stage, "draft", program.source, reason).catch(() => {});
  }

  /** "Ask for help" (again: a new message, the same place in the queue). */
  async askHelp(student: Student, message: string): Promise<void> {
    const request = await this.db(() => this.store.help.ask(student.id, message));
    this.board.setHelp(student.id, request);
  }

  /** The instructor is on the way (true), or done / the student withdrew (false). */
  async helping(studentId: string, onTheWay: boolean): Promise<void> {
    if (!onTheWay) {
      await this.db(() => this.store.help.close(studentId));
      return this.board.setHelp(studentId, undefined);
    }
    const request = this.board.helpQueue().find((r) => r.studentId === studentId);
    if (request && (await this.db(() => this.store.help.helping(studentId)))) this.board.setHelp(studentId, { ...request, state: "helping" });
  }

  async history(student: Student, exercise: number): Promise<HistoryView[]> {
    const entries = await this.db(() => this.store.history(student.id, exercise));
    return entries.map(({ id, item, reason, createdAt, text }) => ({ id, item, reason, createdAt, text })) as HistoryView[];
  }
}
