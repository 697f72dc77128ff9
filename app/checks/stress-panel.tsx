"use client";
// Exercise 5's "Stress test": many clients connect at once and chat against the program that is
// running now, while others come and go; the numbers update live.
import { isLive } from "@/shared/run-words";
import { problemFor, runInSlot, sendToLab, useLab } from "@/app/runs/lab-connection";
import { RaceView } from "@/app/inside/race-view";
import styles from "./check-panel.module.css";

export function StressPanel({ slot }: { slot: string }) {
  const lab = useLab();
  const run = runInSlot(lab, slot);
  const view = run ? lab.stress[run.runId] : undefined;
  const running = view !== undefined && !view.done;
  const listening = run?.state.state === "running" && run.state.ports.length > 0;
  const asker = `stress:${slot}`;
  const problem = problemFor(lab, asker);
  return (
    <section className={styles.panel} aria-label="Stress test">
      <div className={styles.bar}>
        <h2>Stress test</h2>
        <button type="button" disabled={!run || !listening || running} onClick={() => run && sendToLab({ type: "stress.start", runId: run.runId }, asker)}>
          Stress test
        </button>
        {running && run && (
          <button type="button" onClick={() => sendToLab({ type: "stress.stop", runId: run.runId }, asker)}>
            Stop the stress test
          </button>
        )}
        <span className={styles.what}>
          {run && isLive(run.state) ? "50 clients connect at the same moment and send at once while others join and leave." : "Run a program first, then stress it."}
        </span>
      </div>
      {problem && (
        <p className={styles.warning} role="alert">
          {problem.message}
        </p>
      )}
      <RaceView run={run} running={running} />
      {view && (
        <dl className={styles.facts} role="status" aria-live="polite">
          <dt>Clients connected</dt>
          <dd data-testid="stress-connected">{view.stats.connected}</dd>
          <dt>Lines sent</dt>
          <dd>{view.stats.linesSent}</dd>
          {/* One unit on both sides: a line sent is due once at every other client that stayed. */}
          <dt>Deliveries lost</dt>
          <dd className={view.stats.linesLost ? styles.fail : undefined} data-testid="stress-lost">
            {view.stats.linesLost} of {view.stats.deliveriesExpected} expected
          </dd>
          <dt>Exceptions seen</dt>
          <dd className={view.stats.exceptionsSeen ? styles.fail : undefined}>{view.stats.exceptionsSeen}</dd>
          {view.summary && (
            <>
              <dt>Result</dt>
              <dd>{view.summary}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
