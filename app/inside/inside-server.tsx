"use client";
// "Inside the server": the live timeline of the running program, beside its terminals. One lane
// per thread, what the terminals typed on top, each shared list's contents below. Pause, scroll
// back (wheel, drag or the slider), zoom; click an event for its details, the events that go with
// it (a typed line, its recv, the sends that carried it on), and its line in the listing or editor.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { RunView } from "@/app/runs/lab-connection";
import type { ProgramSpec } from "@/shared/protocol";
import { programFileName } from "@/shared/stages";
import type { TraceEvent } from "@/shared/trace-events";
import { EventDetails, type SourceLine } from "./event-details";
import { canvasHeight, draw, LABEL_WIDTH, laneRows, position, type View } from "./timeline-canvas";
import { buildModel, related } from "./timeline-model";
import { scrollRange } from "./scroll-range";
import { onTrace, terminals, traceOf } from "./trace-store";
import { revealListingLine } from "./reveal-line";
import { traceSummary } from "./trace-summary";
import styles from "./inside-server.module.css";

const ZOOMS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 1000];

export interface ProgramTexts {
  /** The lab programs' texts this page may show, by file name. */
  texts: Readonly<Record<string, string>>;
  /** Why a lab program's lines are not shown here (the exercise's answer, not revealed yet). */
  hidden: string;
}

/** The line `line` of the program `program`, as the details show it. */
function sourceLine(program: ProgramSpec, line: number, programs: ProgramTexts | undefined): SourceLine {
  const fileName = program.kind === "source" ? program.name : programFileName(program.stage);
  const text = program.kind === "source" ? program.source : programs?.texts[fileName];
  if (text === undefined) return { fileName, line, hidden: programs?.hidden ?? "its text is not on this page" };
  return { fileName, line, text: text.split("\n")[line - 1] ?? "" };
}

export function InsideServer({ run, onSourceLine, programs }: { run: RunView | undefined; onSourceLine?: (line: number) => void; programs?: ProgramTexts }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [version, setVersion] = useState(0);
  const [paused, setPaused] = useState(false);
  const [zoom, setZoom] = useState(5);
  const [pausedEnd, setPausedEnd] = useState(0);
  const [selected, setSelected] = useState<TraceEvent | null>(null);
  const frame = useRef(0);
  const lastWidth = useRef(0);
  const runId = run?.runId;

  // Batches arrive every 50 ms: redraw at most once a frame.
  useEffect(
    () =>
      onTrace((id) => {
        if (id && id !== runId) return;
        if (!frame.current) frame.current = requestAnimationFrame(() => ((frame.current = 0), setVersion((v) => v + 1)));
      }),
    [runId],
  );
  useEffect(() => setSelected(null), [runId]);

  const trace = runId ? traceOf(runId) : undefined;
  const events = trace?.events ?? [];
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const model = useMemo(() => buildModel(events, terminals()), [events, version]);
  const msPerPx = ZOOMS[zoom];
  const latest = events.at(-1)?.t ?? 0;
  const range = scrollRange(events[0]?.t ?? 0, latest, msPerPx, width - LABEL_WIDTH);
  const view: View = { end: paused ? Math.min(range.max, Math.max(range.min, pausedEnd)) : range.max, msPerPx };
  const linked = useMemo(() => new Set(selected ? related(events, selected, model) : []), [selected, events, model]);

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const width = c.clientWidth;
    if (width !== lastWidth.current) setWidth((lastWidth.current = width));
    const height = canvasHeight(model);
    const ratio = window.devicePixelRatio || 1;
    if (c.width !== Math.round(width * ratio) || c.height !== Math.round(height * ratio)) {
      c.width = Math.round(width * ratio);
      c.height = Math.round(height * ratio);
      c.style.height = `${height}px`;
    }
    const ctx = c.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    draw(ctx, width, events, model, view, selected, linked);
  });

  const pauseAt = useCallback((end: number) => {
    setPaused(true);
    setPausedEnd(end);
  }, []);

  const pick = (event: TraceEvent) => {
    setSelected(event);
    if (!event.line || !run) return;
    if (run.program.kind === "source") onSourceLine?.(event.line);
    else revealListingLine(`chatserver${run.program.stage}.py`, event.line);
  };

  const onClick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const c = canvas.current!;
    const box = c.getBoundingClientRect();
    const x = e.clientX - box.left;
    const y = e.clientY - box.top;
    if (x < LABEL_WIDTH) return;
    const rows = laneRows(model);
    let best: TraceEvent | null = null;
    let bestD = 64;
    for (const ev of events) {
      const p = position(ev, rows, view, box.width);
      if (!p || Math.abs(p.x - x) > 8) continue;
      const d = (p.x - x) ** 2 + (p.y - y) ** 2;
      if (d < bestD) [best, bestD] = [ev, d];
    }
    if (best) pick(best);
  };

  const onWheel = (e: React.WheelEvent<HTMLCanvasElement>) => {
    if (e.ctrlKey) {
      setZoom((z) => Math.min(ZOOMS.length - 1, Math.max(0, z + (e.deltaY > 0 ? 1 : -1))));
      return;
    }
    const delta = (Math.abs(e.deltaX) > Math.abs(e.deltaY) ? e.deltaX : e.deltaY) * msPerPx;
    if (delta) pauseAt(Math.min(range.max, Math.max(range.min, view.end + delta)));
  };

  const summary = traceSummary(trace, paused);

  return (
    <section className={styles.inside} aria-labelledby="inside-title">
      <div className={styles.bar}>
        <h3 id="inside-title" className={styles.title}>
          Inside the server
        </h3>
        <button type="button" onClick={() => (paused ? setPaused(false) : pauseAt(view.end))} disabled={!events.length} aria-pressed={paused}>
          {paused ? "Resume" : "Pause"}
        </button>
        <button type="button" onClick={() => setZoom((z) => Math.max(0, z - 1))} aria-label="Zoom in" disabled={zoom === 0}>
          +
        </button>
        <button type="button" onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))} aria-label="Zoom out" disabled={zoom === ZOOMS.length - 1}>
          −
        </button>
        <span className={styles.scale}>{msPerPx < 1 ? `${msPerPx * 1000} µs` : `${msPerPx} ms`} per pixel</span>
        <p className={styles.summary} role="status" data-testid="trace-status" data-tone={summary.tone}>
          {summary.text}
        </p>
      </div>
      {events.length > 0 ? (
        <>
          <canvas ref={canvas} className={styles.canvas} onClick={onClick} onWheel={onWheel} role="img" aria-label={`Timeline of ${events.length} events in ${model.lanes.length} lanes`} data-testid="timeline" />
          <label className={styles.scroll}>
            <span>Scroll back</span>
            <input type="range" min={range.min} max={range.max} step="any" value={view.end} disabled={range.min >= range.max} onChange={(e) => pauseAt(Number(e.target.value))} aria-label="Time shown at the right edge" />
          </label>
        </>
      ) : (
        <p className={styles.empty}>{run ? (run.program.stage === 0 ? "Nothing yet: what the program reads from the keyboard (input) and prints shows here as it runs." : "Nothing yet: the program's sockets, threads and locks show here as it uses them.") : "Run the program to see inside it: its threads, connections, locks and the shared list, live."}</p>
      )}
      {selected && <EventDetails selected={selected} linked={linked} model={model} source={selected.line && run ? sourceLine(run.program, selected.line, programs) : null} onPick={pick} />}
    </section>
  );
}
