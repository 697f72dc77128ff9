"use client";
// The student's running programs, on every page: which exercise, which program, since when, with
// Stop and Stop all. The same list, with links, says which programs to stop when the lab refuses
// another ("You already have 4 programs running").
import Link from "next/link";
import type { ProgramSpec } from "@/shared/protocol";
import { programFileName } from "@/shared/stages";
import { sendToLab, useLab, type RunView } from "./lab-connection";
import { isLive } from "@/shared/run-words";
import styles from "./running-programs.module.css";

export function liveRuns(runs: Record<string, RunView>): RunView[] {
  return Object.values(runs)
    .filter((r) => isLive(r.state))
    .sort((a, b) => a.createdAt - b.createdAt);
}

/** "exercise-4" → 4; other slots belong to no exercise page. */
const exerciseOf = (slot: string) => /^exercise-(\d)$/.exec(slot)?.[1];

/** Which program, in few words (the status shares the Run buttons' line). */
export const programWords = (program: ProgramSpec) => (program.kind === "stage" ? `${programFileName(program.stage)} (the lab's)` : `${program.name} (your version)`);
/** Fewer still for the header's bar, which shares one line with the exercises and the student at 1366 px. */
const programShortWords = (program: ProgramSpec) => (program.kind === "stage" ? `${programFileName(program.stage)} (lab's)` : `${program.name} (yours)`);

const since = (at: number) => new Date(at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/**
 * `short`: the header's bar. With one program it names it in few words; with more, each is just
 * its exercise's link and Stop (the words are its tooltip, the Stop button's name says which), so
 * two or three programs still leave the header on one line at 1366 px.
 */
export function RunningList({ runs, short = false }: { runs: RunView[]; short?: boolean }) {
  const words = (run: RunView) => `${(short ? programShortWords : programWords)(run.program)}, since ${since(run.createdAt)}`;
  const bare = short && runs.length > 1;
  return (
    <ul className={styles.list}>
      {runs.map((run) => {
        const exercise = exerciseOf(run.slot);
        return (
          <li key={run.runId} title={bare ? words(run) : undefined}>
            {exercise ? <Link href={`/exercises/${exercise}`} prefetch={false}>Exercise {exercise}</Link> : run.slot}
            {bare ? "" : `: ${words(run)}`}{" "}
            <button type="button" className={styles.stop} onClick={() => sendToLab({ type: "run.stop", runId: run.runId })} aria-label={`Stop ${run.label} (exercise ${exercise ?? run.slot})`}>
              Stop
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export function RunningPrograms() {
  const lab = useLab();
  const runs = liveRuns(lab.runs);
  if (runs.length === 0) return null;
  return (
    <section className={styles.bar} aria-label="Your running programs">
      <span className={styles.title}>
        {runs.length === 1 ? "1 program" : `${runs.length} programs`} running:
      </span>
      <RunningList runs={runs} short />
      {runs.length > 1 && (
        <button type="button" className={styles.stop} onClick={() => runs.forEach((run) => sendToLab({ type: "run.stop", runId: run.runId }))}>
          Stop all
        </button>
      )}
    </section>
  );
}
