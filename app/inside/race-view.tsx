"use client";
// Exercise 5's "Show me the race": the stress test with the whole trace read, then, in words, the
// interleaving that lost a line (which thread walked the list, which changed it, who was skipped or
// whose socket was dead), or the lock making the threads take turns.
import type { RunView } from "@/app/runs/lab-connection";
import { sendToLab, useLab } from "@/app/runs/lab-connection";
import type { Race, RaceFindings } from "@/shared/race";
import type { TraceEvent } from "@/shared/trace-events";
import { describe, peerName, TimelineIndex, type Model } from "./timeline-model";
import { terminals, timelineOf, traceOf } from "./trace-store";
import styles from "./race-view.module.css";

const who = (thread: number) => (thread === 0 ? "the main thread" : `thread ${thread}`);
/** A list change's method as the story's verb ("while thread 3 removed client 5"). */
const DID: Partial<Record<string, string>> = { append: "appended", remove: "removed", insert: "inserted", pop: "popped", extend: "added", __iadd__: "added", __setitem__: "replaced", __delitem__: "deleted" };

function Steps({ events, model, start, marked }: { events: TraceEvent[]; model: Model; start: number; marked: Set<TraceEvent> }) {
  return (
    <ol className={styles.steps}>
      {events.map((e) => (
        <li key={e.n} className={marked.has(e) ? styles.marked : undefined}>
          <span className={styles.time}>+{(e.t - start).toFixed(2)} ms</span> <strong>{who(e.thread)}</strong> {describe(e, model, terminals())}
          {e.line ? <span className={styles.line}> (line {e.line})</span> : null}
        </li>
      ))}
    </ol>
  );
}

function RaceStory({ race, model }: { race: Race; model: Model }) {
  const peer = (conn: number) => peerName(model, conn);
  const change = race.change.kind === "list.change" ? race.change : null;
  const what = `${(change && DID[change.op]) ?? "changed"} ${change?.item !== undefined ? peer(change.item) : "an item"}`;
  const headline =
    race.kind === "skipped"
      ? `${who(race.walker)} was walking ${change?.name ?? "the list"} to pass on ${race.recv.kind === "recv" ? JSON.stringify(race.recv.preview) : "a line"}, while ${who(race.change.thread)} ${what}: the list shifted under the walk, and ${peer(race.victim)}, in the list all along, never got the line.`
      : `${who(race.walker)} was walking the list to pass on a line, while ${who(race.change.thread)} ${what} from it: ${who(race.walker)} sent to ${peer(race.victim)}, whose client had gone, and the send failed.`;
  return (
    <div className={styles.race}>
      <p className={styles.headline}>{headline}</p>
      <Steps events={race.interleaving} model={model} start={race.recv.t} marked={new Set([race.recv, race.change])} />
    </div>
  );
}

export function RaceView({ run, running }: { run: RunView | undefined; running: boolean }) {
  const lab = useLab();
  const found: { findings: RaceFindings; complete: boolean } | undefined = run ? lab.races[run.runId] : undefined;
  // The run's timeline model, kept up to date as its events arrive (not rebuilt from all of them).
  const trace = run ? traceOf(run.runId) : undefined;
  const model = trace ? timelineOf(trace).model : new TimelineIndex().model;
  const listening = run?.state.state === "running" && run.state.ports.length > 0;
  return (
    <div className={styles.view}>
      <button type="button" disabled={!run || !listening || running} onClick={() => run && sendToLab({ type: "stress.start", runId: run.runId, race: true })}>
        Show me the race
      </button>{" "}
      <span className={styles.what}>runs the stress test with the timeline recording everything, then shows how lines were lost.</span>
      {found && (
        <div data-testid="race-result">
          {found.findings.races.length > 0 ? (
            <>
              <p>
                Found {found.findings.races.length} interleaving{found.findings.races.length > 1 ? "s" : ""} that cost a line, among {found.findings.walks} lines passed on. The first:
              </p>
              <RaceStory race={found.findings.races[0]} model={model} />
            </>
          ) : found.findings.turns ? (
            <>
              <p>
                No line was lost in {found.findings.walks} lines passed on. The lock {found.findings.turns.name ?? found.findings.turns.lock} made the threads take turns:
              </p>
              <Steps events={found.findings.turns.sequence} model={model} start={found.findings.turns.sequence[0].t} marked={new Set()} />
            </>
          ) : (
            <p>
              No interleaving lost a line this time ({found.findings.walks} lines passed on){found.complete ? "" : ", but some events were dropped, so the trace has holes"}. A race is a matter of timing: try again.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
