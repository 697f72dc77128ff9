// Over a student's shoulder: what the instructor sees of one student, read from the class store
// (their programs, notes, latest check reports, previous versions) and from their open sessions
// (their runs' consoles). Only the instructor's socket asks for it.
import { CheckReport } from "../../shared/check-report";
import type { DeskExercise, DeskRun, StudentDesk } from "../../shared/board-messages";
import { programFileName, STAGES } from "../../shared/stages";
import type { Lab } from "../lab";
import type { Run } from "../runs/run";
import { stageSource } from "../stages/catalogue";

/** The newest part of a run's console the desk shows (the student's page keeps more). */
const CONSOLE_TAIL_CHARS = 16 * 1024;

/** The runs of every open session of the student, on any computer. */
export function runsOf(lab: Lab, studentId: string): Run[] {
  return [...lab.sessions.values()].filter((s) => s.student?.id === studentId).flatMap((s) => [...s.runs.values()]);
}

function deskRun(run: Run): DeskRun {
  const console = run
    .snapshot()
    .output.map((c) => c.data)
    .join("");
  return {
    runId: run.id,
    label: run.label,
    stage: run.program.stage,
    state: run.state.state,
    ports: run.state.state === "running" ? run.state.ports : [],
    console: console.slice(-CONSOLE_TAIL_CHARS),
  };
}

function report(text: string | undefined): CheckReport | undefined {
  if (!text) return undefined;
  try {
    const parsed = CheckReport.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The student's desk now, or null when there is no such student. Throws when the database fails. */
export async function studentDesk(lab: Lab, studentId: string): Promise<StudentDesk | null> {
  const { classroom, catalogue } = lab;
  const row = classroom.board.student(studentId);
  if (!row) return null;
  const work = await classroom.store.work(studentId);
  const exercises: DeskExercise[] = [];
  for (const exercise of STAGES) {
    const mine = work.filter((w) => w.exercise === exercise && w.version > 0);
    const draft = mine.find((w) => w.item === "draft");
    const previous = draft && (await classroom.store.history(studentId, exercise)).find((h) => h.item === "draft" && h.text !== draft.text);
    const starting = catalogue.startingStage(exercise);
    const latest = report(mine.find((w) => w.item === "report")?.text);
    exercises.push({
      exercise,
      starting: stageSource(starting),
      startingName: programFileName(starting),
      ...(draft && { draft: { text: draft.text, version: draft.version, updatedAt: draft.updatedAt } }),
      ...(previous && { previous: { text: previous.text, reason: previous.reason, createdAt: previous.createdAt } }),
      notes: mine.filter((w) => w.item.startsWith("note:")).map((w) => ({ task: w.item.slice(5), text: w.text })),
      ...(latest && { report: latest }),
    });
  }
  return { studentId, name: row.name, online: row.online, exercises, runs: runsOf(lab, studentId).map(deskRun), visitors: classroom.visitors.get(studentId) ?? 0, at: Date.now() };
}
