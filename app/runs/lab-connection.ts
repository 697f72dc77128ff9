"use client";
// The page's one control socket to the lab (/ws/lab) and the state it keeps: the session's runs,
// their output, the sandbox mode. Components read it with useLab(); it reconnects by itself and a
// fresh connection brings a full snapshot, so a reload or a dropped network loses nothing.
import { useSyncExternalStore } from "react";
import type { CheckReport, CheckUnderWay, Progress, StressStats } from "@/shared/check-report";
import { parseServerFrame, type ClientMessage, type ServerMessage, type LabMode, type OutputChunk, type RunSnapshot } from "@/shared/protocol";
import { forgetTrace, receiveTrace } from "@/app/inside/trace-store";
import type { RaceFindings } from "@/shared/race";
import type { ShareView } from "@/shared/share-messages";

/** Output kept per run in the page; the lab keeps its own copy for reloads. */
const OUTPUT_KEPT_CHARS = 400_000;

export interface RunView extends Omit<RunSnapshot, "output"> {
  output: OutputChunk[];
}

/** One exercise's checks as the page shows them: running with progress, then a report or a failure. */
export interface CheckView {
  running: boolean;
  /** Waiting for a free place in the lab's line of checks: 1 is next. */
  waiting?: number;
  progress: Progress[];
  report?: CheckReport;
  failed?: string;
}

export interface StressView {
  stats: StressStats;
  done: boolean;
  summary?: string;
}

export interface LabState {
  connection: "connecting" | "open" | "closed";
  mode: LabMode | null;
  runs: Record<string, RunView>;
  checks: Record<number, CheckView>;
  stress: Record<string, StressView>;
  /** "Show me the race": what it found in each run's trace. */
  races: Record<string, { findings: RaceFindings; complete: boolean }>;
  /** Servers shared with the class: classmates' to join, and the session's own with who is connected. */
  shares: ShareView[];
  /** The newest problem the lab reported to each panel that asked something ("run:exercise-2"). */
  errors: Record<string, LabProblem>;
}

export interface LabProblem {
  code: string;
  message: string;
  at: number;
}

let state: LabState = { connection: "connecting", mode: null, runs: {}, checks: {}, stress: {}, races: {}, shares: [], errors: {} };
const listeners = new Set<() => void>();
let socket: WebSocket | null = null;
let retryMs = 500;

function set(next: Partial<LabState>): void {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

function appendOutput(run: RunView, chunk: OutputChunk): RunView {
  const output = [...run.output];
  const last = output[output.length - 1];
  if (last && last.stream === chunk.stream) output[output.length - 1] = { ...last, data: last.data + chunk.data };
  else output.push(chunk);
  let size = output.reduce((n, c) => n + c.data.length, 0);
  while (size > OUTPUT_KEPT_CHARS && output.length > 1) size -= output.shift()!.data.length;
  return { ...run, output };
}

/** The class's messages (who the student is, their work), for app/class, which keeps its own state. */
export type ClassServerMessage = Extract<ServerMessage, { type: `class.${string}` | `work.${string}` | `history.${string}` | `help.${string}` }>;
const classListeners = new Set<(message: ClassServerMessage) => void>();

export function onClassMessage(listener: (message: ClassServerMessage) => void): () => void {
  classListeners.add(listener);
  connect();
  return () => classListeners.delete(listener);
}

const isClassMessage = (m: ServerMessage): m is ClassServerMessage => /^(class|work|history|help)\./.test(m.type);

function receive(message: ServerMessage): void {
  if (isClassMessage(message)) {
    for (const listener of classListeners) listener(message);
    return;
  }
  switch (message.type) {
    case "session":
      return set({ mode: message.mode, runs: Object.fromEntries(message.runs.map((r) => [r.runId, r])), checks: reattachChecks(state.checks, message.check, message.lastReport) });
    case "run.created":
      return set({ runs: { ...state.runs, [message.run.runId]: message.run } });
    case "run.trace":
      return receiveTrace(message.runId, message.events, message.status, message.since ?? false);
    case "run.removed": {
      forgetTrace(message.runId);
      const runs = { ...state.runs };
      delete runs[message.runId];
      return set({ runs });
    }
    case "error":
      return report(askerOf(message.id), message.code, message.message);
    case "check.waiting":
      return set({ checks: { ...state.checks, [message.exercise]: { running: true, waiting: message.place, progress: [] } } });
    case "check.progress": {
      const { exercise } = message.progress;
      const before = state.checks[exercise];
      const progress = before?.running ? [...before.progress, message.progress] : [message.progress];
      return set({ checks: { ...state.checks, [exercise]: { running: true, progress } } });
    }
    case "check.report":
      return set({ checks: { ...state.checks, [message.report.exercise]: { running: false, progress: [], report: message.report } } });
    case "check.failed":
      return set({ checks: { ...state.checks, [message.exercise]: { running: false, progress: [], failed: message.message } } });
    case "shares":
      return set({ shares: message.shares });
    case "stress.race":
      return set({ races: { ...state.races, [message.runId]: { findings: message.findings, complete: message.complete } } });
    case "stress.stats":
      return set({ stress: { ...state.stress, [message.runId]: { stats: message.stats, done: message.done, summary: message.summary } } });
  }
  const run = state.runs[message.runId];
  if (!run) return;
  const updated =
    message.type === "run.state"
      ? { ...run, state: message.state }
      : message.type === "run.output"
        ? appendOutput(run, { stream: message.stream, data: message.data })
        : { ...run, stdinOpen: message.open };
  set({ runs: { ...state.runs, [run.runId]: updated } });
}

function connect(): void {
  if (typeof window === "undefined" || socket) return;
  const url = `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/ws/lab`;
  const ws = new WebSocket(url);
  // Run output comes as binary frames (no JSON escaping), everything else as JSON text.
  ws.binaryType = "arraybuffer";
  socket = ws;
  set({ connection: "connecting" });
  ws.onopen = () => {
    retryMs = 500;
    set({ connection: "open" });
  };
  ws.onmessage = (event) => {
    const parsed = parseServerFrame(typeof event.data === "string" ? event.data : new Uint8Array(event.data as ArrayBuffer));
    if (parsed.ok) receive(parsed.value);
    else console.error(`The lab sent a message this page does not understand: ${parsed.error}`);
  };
  ws.onclose = () => {
    socket = null;
    set({ connection: "closed" });
    // Try again, more slowly each time, until the lab is back.
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 8000);
  };
}

let requests = 0;

/** The panel that sent the message an error answers: its id is "asker#n". */
function askerOf(id: string | undefined): string {
  return id?.includes("#") ? id.slice(0, id.lastIndexOf("#")) : "page";
}

/** A problem for one panel; a check panel's shows as its checks' failure. */
function report(asker: string, code: string, message: string): void {
  const errors = { ...state.errors, [asker]: { code, message, at: Date.now() } };
  const exercise = /^check:(\d)$/.exec(asker)?.[1];
  if (exercise) return set({ errors, checks: { ...state.checks, [exercise]: { running: false, progress: [], failed: message } } });
  set({ errors });
}

/**
 * Sends a message for one panel (asker: "run:exercise-2", "check:3", …). An error it causes comes
 * back with its id and is shown by that panel only (see problemFor). False when the lab is not
 * connected: the panel is told so.
 */
export function sendToLab(message: ClientMessage, asker = "page"): boolean {
  if (socket?.readyState !== WebSocket.OPEN) {
    report(asker, "offline", "Not connected to the lab server: reconnecting, try again in a moment.");
    return false;
  }
  socket.send(JSON.stringify({ ...message, id: `${asker}#${++requests}` }));
  return true;
}

/** The problem the lab reported to this panel in the last 15 s, if any. */
export function problemFor(lab: LabState, asker: string): LabProblem | null {
  const problem = lab.errors[asker];
  return problem && Date.now() - problem.at < 15_000 ? problem : null;
}

/** The connection's state now (app/class watches it to pause saving while the lab is away). */
export const labState = (): LabState => state;

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  connect();
  return () => listeners.delete(listener);
}

const serverState: LabState = { connection: "connecting", mode: null, runs: {}, checks: {}, stress: {}, races: {}, shares: [], errors: {} };

export function useLab(): LabState {
  return useSyncExternalStore(subscribe, () => state, () => serverState);
}

/**
 * The checks as the lab has them when a page (re)connects: the one under way shows its place or
 * progress; one this page thought running has finished meanwhile, with the report the lab kept
 * (or, when the lab has none, it restarted: say so).
 */
function reattachChecks(checks: Record<number, CheckView>, underWay: CheckUnderWay | null, lastReport: CheckReport | null): Record<number, CheckView> {
  const next: Record<number, CheckView> = {};
  for (const [key, view] of Object.entries(checks)) {
    const exercise = Number(key);
    if (!view.running) next[exercise] = view;
    else if (lastReport?.exercise === exercise) next[exercise] = { running: false, progress: [], report: lastReport };
    else next[exercise] = { running: false, progress: [], failed: "Your checks ended while this page was not connected to the lab: press Check again." };
  }
  if (underWay) next[underWay.exercise] = { running: true, waiting: underWay.place, progress: underWay.progress ? [underWay.progress] : [] };
  return next;
}

/** Mark an exercise's checks as started, so the page shows progress before the first event. */
export function startChecks(exercise: number, message: ClientMessage): void {
  if (sendToLab(message, `check:${exercise}`)) set({ checks: { ...state.checks, [exercise]: { running: true, progress: [] } } });
}

export function runInSlot(lab: LabState, slot: string): RunView | undefined {
  return Object.values(lab.runs).find((r) => r.slot === slot);
}
