"use client";
// "Inside the server": the live timeline of the running program, beside its terminals. One lane
// per thread, what the terminals typed on top, each shared list's contents below. Pause, scroll
// back (wheel, drag or the slider), zoom; click an event for its details, the events that go with
// it (a typed line, its recv, the sends that carried it on), and its line in the listing or editor.
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { RunView } from "@/app/runs/lab-connection";
import type { ProgramSpec } from "@/shared/protocol";
import { programFileName } from "@/shared/stages";
import type { TraceEvent } from "@/shared/trace-events";
import { EventDetails, type SourceLine } from "./event-details";
import { canvasHeight, draw, hit, LABEL_WIDTH, type View } from "./timeline-canvas";
import { TimelineIndex, type Model } from "./timeline-model";
import { scrollRange } from "./scroll-range";
import { onTrace, timelineOf, traceOf, type RunTraceView } from "./trace-store";
import { revealListingLine } from "./reveal-line";
import { traceSummary } from "./trace-summary";
import styles from "./inside-server.module.css";

const NO_EVENTS: TraceEvent[] = [];
const EMPTY: { index: TimelineIndex; model: Model } = { index: new TimelineIndex(), model: new TimelineIndex().model };
/** The details render again only when what they show changes, not on every batch. */
const Details = memo(EventDetails);

/** How often the text around the timeline follows the events streaming in. */
const TEXT_EVERY_MS = 250;

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

/** What the timeline shows: the time at its right edge and the zoom, and the slider's range. */
function viewOf(trace: RunTraceView | undefined, width: number, zoom: number, paused: boolean, pausedEnd: number): { view: View; range: { min: number; max: number } } {
  const events = trace?.events ?? NO_EVENTS;
  const msPerPx = ZOOMS[zoom];
  const range = scrollRange(events[0]?.t ?? 0, events.at(-1)?.t ?? 0, msPerPx, width - LABEL_WIDTH);
  return { view: { end: paused ? Math.min(range.max, Math.max(range.min, pausedEnd)) : range.max, msPerPx }, range };
}

export function InsideServer({ run, onSourceLine, programs }: { run: RunView | undefined; onSourceLine?: (line: number) => void; programs?: ProgramTexts }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [version, setVersion] = useState(0);
  const [paused, setPaused] = useState(false);
  const [zoom, setZoom] = useState(5);
  const [pausedEnd, setPausedEnd] = useState(0);
  const [selected, setSelected] = useState<TraceEvent | null>(null);
  const runId = run?.runId;

  const trace = runId ? traceOf(runId) : undefined;
  const events = trace?.events ?? NO_EVENTS;
  // Caught up with the batches since the last frame only (the model object stays the same while
  // its lanes and names do).
  const { index, model } = trace ? timelineOf(trace) : EMPTY;
  const { view, range } = viewOf(trace, width, zoom, paused, pausedEnd);
  const msPerPx = view.msPerPx;
  // The events that go with the selected one (more may stream in: a typed line's later sends).
  const linkedRef = useRef<ReadonlySet<TraceEvent>>(new Set());
  const linked = useMemo(() => {
    const next = selected ? index.related(selected) : [];
    const before = linkedRef.current;
    // The same set as before keeps its identity, so the details are not rendered again.
    if (next.length === before.size && next.every((e) => before.has(e))) return before;
    return (linkedRef.current = new Set(next));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected, index, model, version]);

  // What the canvas is drawn from, as of the last render; the trace itself is read when drawing.
  const shown = useRef({ runId, zoom, paused, pausedEnd, selected, linked, width });
  shown.current = { runId, zoom, paused, pausedEnd, selected, linked, width };
  /** The view as it is now (the trace may have moved on since the last render). */
  const currentView = useCallback(() => {
    const s = shown.current;
    return viewOf(s.runId ? traceOf(s.runId) : undefined, s.width, s.zoom, s.paused, s.pausedEnd);
  }, []);
  const drawn = useRef<unknown[]>([]);
  /**
   * Draws the canvas from the trace as it is now, unless nothing it shows changed since it was last
   * drawn. Returns whether the model changed (lanes, names: the page's text says how many).
   */
  const redraw = useCallback((): boolean => {
    const c = canvas.current;
    const s = shown.current;
    const trace = s.runId ? traceOf(s.runId) : undefined;
    if (!c || !trace) return false;
    const { index, model } = timelineOf(trace);
    const ratio = window.devicePixelRatio || 1;
    const key = [trace, trace.version, model, s.zoom, s.paused, s.pausedEnd, s.selected, s.linked, s.width, ratio];
    const before = drawn.current;
    if (key.length === before.length && key.every((k, i) => k === before[i])) return false;
    drawn.current = key;
    const width = s.width;
    const height = canvasHeight(model);
    if (c.width !== Math.round(width * ratio) || c.height !== Math.round(height * ratio)) {
      c.width = Math.round(width * ratio);
      c.height = Math.round(height * ratio);
      c.style.height = `${height}px`;
    }
    const ctx = c.getContext("2d");
    if (!ctx) return false;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    draw(ctx, width, index, model, currentView().view, s.selected, s.linked);
    return model !== before[2];
  }, [currentView]);

  // Batches arrive every 50 ms: the canvas is drawn in the next frame, straight from the trace;
  // the page's text around it (how many events, the slider's range, the details) a few times a
  // second, or at once when the lanes change. Rendering them again for every batch cost the page
  // a layout and a paint 20 times a second.
  const text = useRef({ frame: 0, last: 0, timer: 0 });
  useEffect(() => {
    const t = text.current;
    const renderText = () => {
      window.clearTimeout(t.timer);
      t.timer = 0;
      t.last = performance.now();
      setVersion((v) => v + 1);
    };
    const off = onTrace((id) => {
      if (id && id !== runId) return;
      if (t.frame) return;
      t.frame = requestAnimationFrame(() => {
        t.frame = 0;
        const lanesChanged = redraw();
        const wait = TEXT_EVERY_MS - (performance.now() - t.last);
        if (lanesChanged || wait <= 0) renderText();
        else if (!t.timer) t.timer = window.setTimeout(renderText, wait);
      });
    });
    return () => {
      off();
      cancelAnimationFrame(t.frame);
      window.clearTimeout(t.timer);
      t.frame = t.timer = 0;
    };
  }, [runId, redraw]);
  useEffect(() => setSelected(null), [runId]);

  // After a render (zoom, pause, a click): draw what it changed.
  useEffect(() => {
    redraw();
  });
  // The canvas's width, without asking the layout for it while drawing.
  const hasEvents = events.length > 0;
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const observer = new ResizeObserver(() => setWidth(c.clientWidth));
    observer.observe(c);
    return () => observer.disconnect();
  }, [hasEvents]);

  const pauseAt = useCallback((end: number) => {
    setPaused(true);
    setPausedEnd(end);
  }, []);

  const program = run?.program;
  const pick = useCallback(
    (event: TraceEvent) => {
      setSelected(event);
      if (!event.line || !program) return;
      if (program.kind === "source") onSourceLine?.(event.line);
      else revealListingLine(`chatserver${program.stage}.py`, event.line);
    },
    [program, onSourceLine],
  );

  const onClick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const c = canvas.current!;
    const box = c.getBoundingClientRect();
    const x = e.clientX - box.left;
    const y = e.clientY - box.top;
    if (x < LABEL_WIDTH) return;
    // The view as drawn now, which may be ahead of the last render while events stream in.
    const best = hit(index, model, currentView().view, box.width, x, y);
    if (best) pick(best);
  };

  const onWheel = (e: React.WheelEvent<HTMLCanvasElement>) => {
    if (e.ctrlKey) {
      setZoom((z) => Math.min(ZOOMS.length - 1, Math.max(0, z + (e.deltaY > 0 ? 1 : -1))));
      return;
    }
    const delta = (Math.abs(e.deltaX) > Math.abs(e.deltaY) ? e.deltaX : e.deltaY) * msPerPx;
    const now = currentView();
    if (delta) pauseAt(Math.min(now.range.max, Math.max(now.range.min, now.view.end + delta)));
  };

  const summary = traceSummary(trace, paused);
  const source = useMemo(() => (selected?.line && program ? sourceLine(program, selected.line, programs) : null), [selected, program, programs]);

  return (
    <section className={styles.inside} aria-labelledby="inside-title">
      <div className={styles.bar}>
        <h3 id="inside-title" className={styles.title}>
          Inside the server
        </h3>
        <button type="button" onClick={() => (paused ? setPaused(false) : pauseAt(currentView().view.end))} disabled={!events.length} aria-pressed={paused}>
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
      {selected && <Details selected={selected} linked={linked} model={model} source={source} onPick={pick} />}
    </section>
  );
}
