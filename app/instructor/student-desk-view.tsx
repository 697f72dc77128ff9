"use client";
// Over a student's shoulder, opened from their name on the board: their program for each
// exercise (live, read-only, compared with the program it started from, their previous version or
// any kept version), their notes and latest check report, their runs' consoles, and "Open a
// terminal to their server". Nothing here is sent to any student's browser.
import { useEffect, useRef, useState } from "react";
import type { DeskRun, StudentDesk } from "@/shared/board-messages";
import type { HistoryView } from "@/shared/class-messages";
import { CheckResultView } from "@/app/checks/check-result";
import { DiffPane } from "@/app/editor/diff-pane";
import { TerminalPane } from "@/app/terminals/terminal-pane";
import { tellClass } from "./board-connection";
import styles from "./desk.module.css";

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
type Against = { kind: "starting" } | { kind: "previous" } | { kind: "kept"; entry: HistoryView };

function RunBox({ run, studentId, name }: { run: DeskRun; studentId: string; name: string }) {
  const [terminal, setTerminal] = useState(false);
  const opened = useRef<HTMLDivElement>(null);
  // The terminal opens below the program and console: bring it into view (xterm.js draws only what is shown).
  useEffect(() => {
    if (terminal) opened.current?.scrollIntoView({ block: "nearest" });
  }, [terminal]);
  const listening = run.state === "running" && run.ports.length > 0;
  return (
    <div className={styles.run}>
      <p className={styles.runHead}>
        <strong>{run.label}</strong> <span className={styles.muted}>{listening ? `listening on ${run.ports.join(", ")}` : run.state}</span>{" "}
        {listening && !terminal && (
          <button type="button" onClick={() => setTerminal(true)}>
            Open a terminal to their server
          </button>
        )}
      </p>
      <pre className={styles.console} aria-label={`Console of ${run.label}`}>
        {run.console || "(no output yet)"}
      </pre>
      {terminal && (
        <div ref={opened}>
          <TerminalPane
            runId={run.runId}
            port={run.ports.includes(8888) ? 8888 : (run.ports[0] ?? 8888)}
            listening={listening}
            index={1}
            visit={studentId}
            title={`${name}'s server`}
            onClose={() => setTerminal(false)}
          />
        </div>
      )}
    </div>
  );
}

export function StudentDeskView({ studentId, desk, history, close }: { studentId: string; desk?: StudentDesk; history?: { studentId: string; exercise: number; entries: HistoryView[] }; close: () => void }) {
  const [exercise, setExercise] = useState<number | null>(null);
  const [against, setAgainst] = useState<Against>({ kind: "starting" });
  useEffect(() => {
    // Open at the exercise the student worked on last.
    if (desk && exercise === null) setExercise(desk.exercises.reduce((best, e) => ((e.draft?.updatedAt ?? 0) > (desk.exercises[best].draft?.updatedAt ?? 0) ? e.exercise : best), 1));
  }, [desk, exercise]);
  useEffect(() => setAgainst({ kind: "starting" }), [exercise, studentId]);
  const shown = desk && exercise !== null ? desk.exercises[exercise] : undefined;
  const program = shown?.draft?.text ?? shown?.starting ?? "";
  const original = !shown ? "" : against.kind === "kept" ? against.entry.text : against.kind === "previous" && shown.previous ? shown.previous.text : shown.starting;
  const originalLabel = !shown ? "" : against.kind === "kept" ? `kept at ${time(against.entry.createdAt)} (${against.entry.reason})` : against.kind === "previous" && shown.previous ? `their previous version (${shown.previous.reason}, ${time(shown.previous.createdAt)})` : shown.startingName;
  const kept = history?.studentId === studentId && history.exercise === exercise ? history.entries.filter((h) => h.item === "draft") : undefined;

  return (
    <aside className={styles.desk} aria-label={`Over ${desk?.name ?? "the student"}'s shoulder`}>
      <div className={styles.head}>
        <h2>{desk ? `${desk.name}${desk.online ? "" : " (offline)"}` : "Loading…"}</h2>
        {desk && desk.visitors > 0 && <span className={styles.muted}>your terminal is connected</span>}
        <button
          type="button"
          onClick={() => {
            const text = prompt(`A note to ${desk?.name ?? "the student"}:`)?.trim();
            if (text) tellClass({ type: "instructor.note", studentId, text: text.slice(0, 500) });
          }}
        >
          Send a note
        </button>
        <button type="button" onClick={close}>
          Close
        </button>
      </div>
      {desk && (
        <div className={styles.tabs} role="group" aria-label="Exercise">
          {desk.exercises.map((e) => (
            <button key={e.exercise} type="button" aria-pressed={e.exercise === exercise} onClick={() => setExercise(e.exercise)}>
              Ex {e.exercise}
              {e.draft ? "" : " (not started)"}
            </button>
          ))}
        </div>
      )}
      {shown && (
        <>
          <div className={styles.against} role="group" aria-label="Compare their program with">
            <span>Compare with:</span>
            <button type="button" aria-pressed={against.kind === "starting"} onClick={() => setAgainst({ kind: "starting" })}>
              the starting program
            </button>
            <button type="button" aria-pressed={against.kind === "previous"} disabled={!shown.previous} onClick={() => setAgainst({ kind: "previous" })}>
              their previous version
            </button>
            <button type="button" onClick={() => tellClass({ type: "instructor.history", studentId, exercise: shown.exercise })}>
              History…
            </button>
            <span className={styles.muted}>{shown.draft ? `saved ${time(shown.draft.updatedAt)}, version ${shown.draft.version}` : "not started: the starting program"}</span>
          </div>
          {kept && (
            <ol className={styles.history} aria-label="Kept versions">
              {kept.length === 0 && <li>No versions kept yet.</li>}
              {kept.map((h) => (
                <li key={h.id}>
                  <button type="button" className="link-button" onClick={() => setAgainst({ kind: "kept", entry: h })}>
                    {time(h.createdAt)} ({h.reason})
                  </button>
                </li>
              ))}
            </ol>
          )}
          <div className={styles.code}>
            <DiffPane original={original} modified={program} originalLabel={originalLabel} modifiedLabel={`their ${shown.draft ? "program" : "(untouched) program"}`} />
          </div>
          {shown.notes.map((n) => (
            <p key={n.task} className={styles.note}>
              <strong>Notes ({n.task}):</strong> {n.text}
            </p>
          ))}
          {shown.report ? (
            <details className={styles.report}>
              <summary>
                Latest check: {shown.report.passed ? "all passed" : `${shown.report.checks.filter((c) => c.status === "fail").length} failed`} ({shown.report.fileName})
              </summary>
              <ol>
                {shown.report.checks.map((c) => (
                  <CheckResultView key={c.id} check={c} />
                ))}
              </ol>
            </details>
          ) : (
            <p className={styles.muted}>No check run yet on this exercise.</p>
          )}
        </>
      )}
      {desk && (
        <section aria-label="Their programs running">
          <h3>Their runs</h3>
          {desk.runs.length === 0 && <p className={styles.muted}>No program of theirs is running.</p>}
          {desk.runs.map((run) => (
            <RunBox key={run.runId} run={run} studentId={studentId} name={desk.name} />
          ))}
        </section>
      )}
    </aside>
  );
}
