"use client";
// "Check": runs the exercise's checks on the student's program in fresh sandboxed runs and shows
// progress, then each check's result with what was expected, what happened, a hint and transcripts.
// The bar (Check, then the progress or the verdict) is one line, in view below the Run panel at
// 1366x768; the report of a Check pressed here scrolls up into the run pane.
import { useEffect, useRef, useState } from "react";
import type { ProgramSpec } from "@/shared/protocol";
import { workChanged } from "@/app/class/class-client";
import { sendToLab, startChecks, useLab } from "@/app/runs/lab-connection";
import { CheckResultView } from "./check-result";
import { loadReport, saveReport, type SavedReport } from "./last-report";
import { markDone } from "./progress-store";
import styles from "./check-panel.module.css";

export function CheckPanel({ exercise, program, what }: { exercise: number; program: () => ProgramSpec; what: string }) {
  const lab = useLab();
  const section = useRef<HTMLElement>(null);
  const view = lab.checks[exercise];
  const latest = view?.progress.at(-1);
  // The last report from an earlier visit, shown until this page has checks of its own.
  const [saved, setSaved] = useState<SavedReport | null>(null);
  useEffect(() => setSaved(loadReport(exercise)), [exercise]);
  const fresh = view?.report;
  const report = fresh ?? (view ? undefined : saved?.report);

  // The report of a Check pressed here needs the pane's height: the run pane scrolls up to it.
  const pressed = useRef(false);
  useEffect(() => {
    if (!fresh) return;
    saveReport(exercise, fresh);
    const at = fresh.passed ? markDone(exercise) : undefined;
    if (at) workChanged(exercise, "done", at);
    if (pressed.current) section.current?.scrollIntoView({ block: "start", behavior: "smooth" });
    pressed.current = false;
  }, [fresh, exercise]);

  return (
    <section className={styles.panel} aria-labelledby={`check-${exercise}`} ref={section}>
      <div className={styles.bar}>
        <h2 id={`check-${exercise}`}>Check your program</h2>
        <button
          type="button"
          className={styles.check}
          disabled={view?.running || lab.connection !== "open"}
          onClick={() => {
            pressed.current = true;
            startChecks(exercise, { type: "check.start", exercise, program: program() });
          }}
        >
          Check
        </button>
        {view?.running && (
          <button type="button" onClick={() => sendToLab({ type: "check.cancel" }, `check:${exercise}`)}>
            Cancel
          </button>
        )}
        <div role="status" aria-live="polite" className={styles.progress}>
          {view?.running &&
            (latest
              ? `Check ${latest.index + 1} of ${latest.count}: ${latest.checkName} — ${latest.clientsConnected} client${latest.clientsConnected === 1 ? "" : "s"} connected${latest.message ? ` (${latest.message})` : ""}…`
              : view.waiting
                ? `Waiting for a free place: ${view.waiting === 1 ? "yours is next" : `number ${view.waiting} in line`} (the lab checks a few programs at a time)…`
                : "Starting the checks…")}
          {!view?.running && view?.failed}
          {!view?.running && report && !fresh && saved && (
            <span className={styles.when}>
              Your last check, on {saved.at.toLocaleDateString(undefined, { month: "short", day: "numeric" })} at{" "}
              {saved.at.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })}:{" "}
            </span>
          )}
          {!view?.running && report && (
            <strong className={report.passed ? styles.pass : styles.fail}>
              {report.passed
                ? `All ${report.checks.length} checks passed: exercise ${exercise} is done.`
                : `${report.checks.filter((c) => c.status === "fail").length} of ${report.checks.length} checks failed.`}
            </strong>
          )}
        </div>
      </div>
      <p className={styles.what}>Runs {what} in a fresh sandbox and tests it with several clients at once.</p>
      {!view?.running && report?.busy && (
        <p className={styles.busy}>The lab was busy ({report.busy}): the checks waited longer than usual for your program.</p>
      )}
      {!view?.running && report && (
        <ol className={styles.results}>
          {report.checks.map((check) => (
            <CheckResultView key={check.id} check={check} />
          ))}
        </ol>
      )}
    </section>
  );
}
