"use client";
// The Run panel: Run / Stop / Restart for one slot of the page, the run's status as it changes,
// its console, and the terminals connected to it.
import { useEffect, useRef, useState } from "react";
import type { ProgramSpec } from "@/shared/protocol";
import { ShareButton, ShareControls } from "@/app/sharing/share-controls";
import { TerminalGrid } from "@/app/terminals/terminal-grid";
import { onShowRun, showRun } from "@/app/workbench/show-run";
import { problemFor, runInSlot, sendToLab, useLab } from "./lab-connection";
import { RunConsole } from "./run-console";
import { liveRuns, programWords, RunningList } from "./running-programs";
import { describeState, isLive } from "@/shared/run-words";
import styles from "./run-panel.module.css";

export interface ProgramChoice {
  key: string;
  label: string;
  /** Built when Run is pressed, so it carries the editor's text at that moment. */
  spec: () => ProgramSpec;
}

export interface RunPanelProps {
  slot: string;
  choices: ProgramChoice[];
  /** The chosen program's key and its setter, when the page also starts runs (Ctrl+Enter). */
  choice?: string;
  onChoose?: (key: string) => void;
  /** Stage 0 reads the keyboard: the console then takes input and there are no terminals. */
  takesInput?: boolean;
  /** A traceback line of the student's own program was clicked. */
  onSourceLine?: (line: number) => void;
}

export function RunPanel({ slot, choices, choice: chosen, onChoose, takesInput = false, onSourceLine }: RunPanelProps) {
  const lab = useLab();
  const run = runInSlot(lab, slot);
  const [ownChoice, setOwnChoice] = useState(choices[0]?.key);
  const choiceKey = chosen ?? ownChoice;
  const setChoiceKey = onChoose ?? setOwnChoice;
  const choice = choices.find((c) => c.key === choiceKey) ?? choices[0];
  const status = describeState(run?.state, takesInput && run?.stdinOpen);
  const live = isLive(run?.state);
  const waitingInLine = run?.state.state === "starting" && run.state.place !== undefined;
  const asker = `run:${slot}`;
  const start = () => choice && sendToLab({ type: "run.start", slot, program: choice.spec() }, asker) && showRun();
  // Run, Restart and Ctrl+Enter in the editor bring the status, console and terminals into view.
  const panel = useRef<HTMLElement>(null);
  useEffect(() => onShowRun(() => requestAnimationFrame(() => panel.current?.scrollIntoView({ block: "nearest", behavior: "smooth" }))), []);
  const recentError = problemFor(lab, asker);

  return (
    <section className={styles.panel} aria-label="Run panel" data-input={takesInput} ref={panel}>
      <div className={styles.toolbar}>
        {choices.length > 1 && (
          <label className={styles.choice}>
            Program{" "}
            {/* Disabled, like Run, until the page is live: a choice made before the page's script
                has taken over would be undone by it, and Run would start the other program. */}
            <select aria-label="Program to run" value={choice?.key} onChange={(e) => setChoiceKey(e.target.value)} disabled={lab.connection !== "open"}>
              {choices.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" className={styles.primary} onClick={start} disabled={live || lab.connection !== "open"}>
          Run
        </button>
        <button type="button" onClick={() => run && sendToLab({ type: "run.stop", runId: run.runId }, asker)} disabled={!live}>
          Stop
        </button>
        {/* Not while waiting in line to start: a restart would go to the back of the line. */}
        <button type="button" onClick={start} disabled={!run || lab.connection !== "open" || waitingInLine} title={waitingInLine ? "Your program is waiting in line to start" : undefined}>
          Restart
        </button>
        {!takesInput && <ShareButton run={run} />}
        <p className={styles.status} role="status" data-tone={status.tone} data-testid="run-status">
          <span className={styles.dot} aria-hidden="true" />
          <span>
            {run ? <span className={styles.runLabel}>{programWords(run.program)}: </span> : null}
            {status.text}
          </span>
        </p>
      </div>
      {!takesInput && <ShareControls run={run} />}
      {lab.connection !== "open" && (
        <p className={styles.notice} role="alert">
          {lab.connection === "connecting" ? "Connecting to the lab server…" : "Lost the connection to the lab server: reconnecting…"}
        </p>
      )}
      {recentError && (
        <div className={styles.error} role="alert">
          {recentError.message}
          {/* Which ones, with a way to each (and to stop it from here). */}
          {recentError.code === "too-many-runs" && <RunningList runs={liveRuns(lab.runs)} />}
        </div>
      )}
      <RunConsole run={run} takesInput={takesInput} onSourceLine={run?.program.kind === "source" ? onSourceLine : undefined} />
      {!takesInput && <TerminalGrid slot={slot} run={run} />}
    </section>
  );
}
