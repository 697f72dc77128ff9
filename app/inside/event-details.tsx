"use client";
// The details of the event clicked on the timeline: the event in words, the line of the program that
// made it (its text, so a page with no listing of that program shows it too), and the events that
// go with it.
import type { TraceEvent } from "@/shared/trace-events";
import { describe, type Model } from "./timeline-model";
import { terminals } from "./trace-store";
import styles from "./inside-server.module.css";

/** The program's line an event names: its text when the page may show it, else why not. */
export type SourceLine = { fileName: string; line: number } & ({ text: string } | { hidden: string });

export function EventDetails({ selected, linked, model, source, onPick }: { selected: TraceEvent; linked: ReadonlySet<TraceEvent>; model: Model; source: SourceLine | null; onPick: (e: TraceEvent) => void }) {
  const who = selected.thread === -1 ? "terminal" : selected.thread === 0 ? "main thread" : `thread ${selected.thread}`;
  return (
    <div className={styles.details} data-testid="trace-details">
      <p>
        <strong>{who}</strong> {describe(selected, model, terminals())}
      </p>
      {source && (
        <p className={styles.sourceLine} data-testid="trace-source-line">
          {source.fileName} line {source.line}
          {"text" in source ? (
            <>
              : <code>{source.text.trim().replace(/\s+/g, " ") || "(a blank line)"}</code>
            </>
          ) : (
            <> · {source.hidden}</>
          )}
        </p>
      )}
      {linked.size > 0 && (
        <ul>
          {[...linked].map((e) => (
            <li key={e.n}>
              <button type="button" className={styles.link} onClick={() => onPick(e)}>
                {e.t >= selected.t ? "+" : "−"}
                {Math.abs(e.t - selected.t).toFixed(2)} ms
              </button>{" "}
              {describe(e, model, terminals())}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
