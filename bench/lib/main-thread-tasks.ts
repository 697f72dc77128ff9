// The page's main-thread tasks from a Chromium trace (categories "toplevel,devtools.timeline"):
// every task with its wall and CPU time (dur, tdur), and what ran in it, told apart by the script
// that ran (the lab's socket message, the timeline's animation frame, the editor, the bench's own
// Playwright scripts) or by none ran (the browser's style, layout and paint).
//
// The bench used to take its "longest task" from the Long Tasks API, which reports only tasks of
// 50 ms or more (and on the wall): a run whose longest task was 35 ms said 0.0 ms. The trace sees
// every task.

export type TraceEventRecord = {
  ph?: string;
  name?: string;
  pid?: number;
  tid?: number;
  ts?: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { url?: string; functionName?: string } };
};

export const TASK_TRACE_CATEGORIES = "toplevel,devtools.timeline";

export type TaskOrigin =
  | "lab socket message"
  | "timeline redraw (animation frame)"
  | "input (a click or wheel: React renders, the canvas redrawn)"
  | "page timers and other scripts"
  | "editor (Monaco)"
  | "bench (Playwright)"
  | "garbage collection"
  | "browser IPC (DevTools commands, the trace's own flush)"
  | "browser (style, layout, paint)";

export interface Task {
  wallMs: number;
  cpuMs: number;
  origin: TaskOrigin;
}

export interface OriginSummary {
  origin: TaskOrigin;
  tasks: number;
  /** CPU the thread spent in these tasks, ms per second of the trace. */
  cpuMsPerSecond: number;
  mostCpuMs: number;
  over16Ms: number;
}

export interface MainThreadTasks {
  longestWallMs: number;
  longestWallCpuMs: number;
  longestWallOrigin: TaskOrigin;
  over16Ms: number;
  over16CpuMs: number;
  mostCpuMs: number;
  mostCpuOrigin: TaskOrigin;
  seconds: number;
  byOrigin: OriginSummary[];
}

/** What a script call runs for (the trace's event around it). */
const CAUSES = new Set(["TimerFire", "FireAnimationFrame", "EventDispatch", "FireIdleCallback"]);
const SCRIPT_EVENTS = new Set(["FunctionCall", "EvaluateScript", "Receive mojo message", ...CAUSES]);
const GC_EVENTS = new Set(["MinorGC", "MajorGC", "V8.GCScavenger", "V8.GCFinalizeMC", "BlinkGC.AtomicPhase"]);

const within = (inner: TraceEventRecord, outer: TraceEventRecord) => (outer.ts ?? 0) <= (inner.ts ?? 0) && (inner.ts ?? 0) < (outer.ts ?? 0) + (outer.dur ?? 0);

/**
 * What a task ran, from the events inside it: the longest script call decides (by its script, and
 * by what it ran for: an animation frame, an input event), unless garbage collection took longer.
 */
function originOf(task: TraceEventRecord, inside: TraceEventRecord[]): TaskOrigin {
  const calls = inside.filter((e) => e.name === "FunctionCall" || e.name === "EvaluateScript");
  const gc = inside.filter((e) => GC_EVENTS.has(e.name ?? "")).reduce((s, e) => s + (e.dur ?? 0), 0);
  const call = calls.reduce<TraceEventRecord | undefined>((a, b) => ((b.dur ?? 0) > (a?.dur ?? -1) ? b : a), undefined);
  if (!call || gc > (call.dur ?? 0)) {
    if (gc) return "garbage collection";
    // A message from the browser process that ran no script: DevTools' commands (the bench's), or
    // the trace being handed over when it ends.
    const ipc = inside.find((e) => e.name === "Receive mojo message");
    return ipc && (ipc.dur ?? 0) >= 0.9 * (task.dur ?? 0) ? "browser IPC (DevTools commands, the trace's own flush)" : "browser (style, layout, paint)";
  }
  const url = call.args?.data?.url ?? "";
  if (url.includes("/monaco/")) return "editor (Monaco)";
  if (!url.includes("/_next/")) return "bench (Playwright)";
  if (/onmessage/.test(call.args?.data?.functionName ?? "")) return "lab socket message";
  const cause = inside.filter((e) => CAUSES.has(e.name ?? "") && within(call, e)).at(-1)?.name;
  if (cause === "FireAnimationFrame") return "timeline redraw (animation frame)";
  if (cause === "EventDispatch") return "input (a click or wheel: React renders, the canvas redrawn)";
  return "page timers and other scripts";
}

/** The renderer main thread's tasks (the busiest CrRendererMain: the page's), with what ran in each. */
export function mainThreadTasks(events: TraceEventRecord[]): MainThreadTasks | null {
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === "M" && e.name === "thread_name") names.set(`${e.pid}:${e.tid}`, e.args?.name ?? "");
  const byThread = new Map<string, TraceEventRecord[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== "X" || names.get(key) !== "CrRendererMain") continue;
    if (e.name !== "ThreadControllerImpl::RunTask" && !SCRIPT_EVENTS.has(e.name ?? "") && !GC_EVENTS.has(e.name ?? "")) continue;
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push(e);
  }
  const isTask = (e: TraceEventRecord) => e.name === "ThreadControllerImpl::RunTask";
  const thread = [...byThread.values()].sort((a, b) => b.filter(isTask).length - a.filter(isTask).length)[0];
  if (!thread) return null;
  thread.sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0) || (b.dur ?? 0) - (a.dur ?? 0));
  const tasks: Task[] = [];
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < thread.length; i++) {
    const t = thread[i];
    if (!isTask(t) || t.tdur === undefined) continue;
    const end = (t.ts ?? 0) + (t.dur ?? 0);
    const inside: TraceEventRecord[] = [];
    for (let j = i + 1; j < thread.length && (thread[j].ts ?? 0) < end; j++) inside.push(thread[j]);
    tasks.push({ wallMs: (t.dur ?? 0) / 1000, cpuMs: t.tdur / 1000, origin: originOf(t, inside) });
    first = Math.min(first, t.ts ?? 0);
    last = Math.max(last, end);
  }
  if (!tasks.length) return null;
  const seconds = (last - first) / 1e6;
  const longest = tasks.reduce((a, b) => (b.wallMs > a.wallMs ? b : a));
  const most = tasks.reduce((a, b) => (b.cpuMs > a.cpuMs ? b : a));
  const over = tasks.filter((t) => t.wallMs > 16);
  const origins = new Map<TaskOrigin, OriginSummary>();
  for (const t of tasks) {
    const o = origins.get(t.origin) ?? { origin: t.origin, tasks: 0, cpuMsPerSecond: 0, mostCpuMs: 0, over16Ms: 0 };
    o.tasks++;
    o.cpuMsPerSecond += t.cpuMs / seconds;
    o.mostCpuMs = Math.max(o.mostCpuMs, t.cpuMs);
    if (t.wallMs > 16) o.over16Ms++;
    origins.set(t.origin, o);
  }
  return {
    longestWallMs: longest.wallMs,
    longestWallCpuMs: longest.cpuMs,
    longestWallOrigin: longest.origin,
    over16Ms: over.length,
    over16CpuMs: Math.max(0, ...over.map((t) => t.cpuMs)),
    mostCpuMs: most.cpuMs,
    mostCpuOrigin: most.origin,
    seconds,
    byOrigin: [...origins.values()].sort((a, b) => b.cpuMsPerSecond - a.cpuMsPerSecond),
  };
}
