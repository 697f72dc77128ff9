"use client";
// Each run's trace as the page keeps it: outside React state (thousands of events arrive in
// batches; the timeline draws them on a canvas and only needs to know that something changed).
import type { TraceEvent, TraceStatus } from "@/shared/trace-events";
import { TimelineIndex, type Model } from "./timeline-model";

/** Events the page keeps per run; past this the oldest go (the timeline says from when it shows). */
export const PAGE_KEEPS = 20_000;

export interface RunTraceView {
  events: TraceEvent[];
  status: TraceStatus | null;
  /** Events the page let go of (oldest first) to stay within PAGE_KEEPS. */
  forgotten: number;
  /** Bumped on every change, for subscribers that redraw. */
  version: number;
  /** The timeline's model and indexes, caught up with the events when asked (timelineOf). */
  index: TimelineIndex;
}

const traces = new Map<string, RunTraceView>();
const listeners = new Set<(runId: string) => void>();

export function receiveTrace(runId: string, events: TraceEvent[], status: TraceStatus, since: boolean): void {
  let view = traces.get(runId);
  if (!view || since) {
    view = { events: [], status: null, forgotten: 0, version: 0, index: new TimelineIndex() };
    traces.set(runId, view);
  }
  for (const event of events) view.events.push(event);
  if (view.events.length > PAGE_KEEPS) {
    const extra = view.events.length - PAGE_KEEPS;
    view.events.splice(0, extra);
    view.forgotten += extra;
  }
  view.status = status;
  view.version++;
  for (const listener of listeners) listener(runId);
}

export function traceOf(runId: string): RunTraceView | undefined {
  return traces.get(runId);
}

/** The run's timeline model and indexes, up to date with every event received so far. */
export function timelineOf(view: RunTraceView): { index: TimelineIndex; model: Model } {
  const model = view.index.update(view.events, view.forgotten, terminalNames, terminalsVersion);
  return { index: view.index, model };
}

export function forgetTrace(runId: string): void {
  traces.delete(runId);
}

export function onTrace(listener: (runId: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Terminals by their TCP port inside the run ("terminal 2"), so the timeline names its clients as the page does. */
const terminalNames = new Map<number, string>();
let terminalsVersion = 0;

export function nameTerminal(port: number, name: string): void {
  if (terminalNames.get(port) === name) return;
  terminalNames.set(port, name);
  terminalsVersion++;
  for (const listener of listeners) listener("");
}

export function terminals(): ReadonlyMap<number, string> {
  return terminalNames;
}
