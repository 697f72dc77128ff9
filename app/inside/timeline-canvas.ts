// Drawing the timeline on a canvas: lanes as rows, time to the right. Only the events in view are
// drawn (found by binary search on time), so 10,000 events and 20 clients redraw in a frame.
import type { TraceEvent } from "@/shared/trace-events";
import { laneOf, listLane, type Model } from "./timeline-model";

export const LANE_HEIGHT = 22;
export const LABEL_WIDTH = 170;
const AXIS_HEIGHT = 18;

export interface View {
  /** Time at the right edge (ms, the events' clock) and ms per pixel. */
  end: number;
  msPerPx: number;
}

const COLOURS: Record<string, string> = {
  accept: "#1a7f37",
  listen: "#1a7f37",
  connect: "#1a7f37",
  recv: "#1f5fbf",
  input: "#1f5fbf",
  send: "#c2410c",
  print: "#c2410c",
  close: "#57606a",
  "sock.error": "#cf222e",
  exception: "#cf222e",
  "thread.start": "#57606a",
  "thread.end": "#57606a",
  "lock.wait": "#9a6700",
  "lock.acquire": "#9a6700",
  "lock.release": "#9a6700",
  "list.change": "#8250df",
  typed: "#0a3069",
  dropped: "#cf222e",
  "lab.dropped": "#cf222e",
};

export function firstAtOrAfter(events: readonly TraceEvent[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid].t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function laneRows(model: Model): Map<number, number> {
  return new Map(model.lanes.map((lane, i) => [lane.id, i]));
}

export function canvasHeight(model: Model): number {
  return AXIS_HEIGHT + Math.max(1, model.lanes.length) * LANE_HEIGHT;
}

export function xOf(t: number, view: View, width: number): number {
  return width - (view.end - t) / view.msPerPx;
}

/** Where an event sits on the canvas, for hit-testing clicks. */
export function position(e: TraceEvent, rows: Map<number, number>, view: View, width: number): { x: number; y: number } | null {
  const row = rows.get(e.kind === "list.change" ? listLane(e.list) : laneOf(e));
  if (row === undefined) return null;
  return { x: xOf(e.t, view, width), y: AXIS_HEIGHT + row * LANE_HEIGHT + LANE_HEIGHT / 2 };
}

export function draw(ctx: CanvasRenderingContext2D, width: number, events: readonly TraceEvent[], model: Model, view: View, selected: TraceEvent | null, linked: ReadonlySet<TraceEvent>): void {
  const rows = laneRows(model);
  const height = canvasHeight(model);
  ctx.clearRect(0, 0, width, height);
  ctx.font = "11px system-ui, sans-serif";
  ctx.textBaseline = "middle";
  model.lanes.forEach((lane, i) => {
    const y = AXIS_HEIGHT + i * LANE_HEIGHT;
    ctx.fillStyle = i % 2 ? "#ffffff" : "#f3f5f8";
    ctx.fillRect(0, y, width, LANE_HEIGHT);
  });
  drawAxis(ctx, width, view);
  const startT = view.end - (width - LABEL_WIDTH) * view.msPerPx;
  const from = Math.max(0, firstAtOrAfter(events, startT - 60_000));
  const to = firstAtOrAfter(events, view.end + view.msPerPx * 4);
  const lastX = new Map<number, number>();
  for (let i = from; i < to; i++) {
    const e = events[i];
    const p = position(e, rows, view, width);
    if (!p) continue;
    // What a blocking call waited for, as a thin bar before it ("waiting in recv").
    if ("wait" in e && e.wait && e.wait / view.msPerPx > 2) {
      const x0 = Math.max(LABEL_WIDTH, p.x - e.wait / view.msPerPx);
      if (p.x > LABEL_WIDTH) {
        ctx.fillStyle = e.kind === "lock.acquire" ? "rgba(154,103,0,0.35)" : "rgba(31,95,191,0.15)";
        ctx.fillRect(x0, p.y - 2, p.x - x0, 4);
      }
    }
    if (e.t < startT) continue;
    if (e.kind === "list.change") drawListSpan(ctx, e, p, events, i, to, view, width, model);
    // Many events on one pixel: draw one (the details list them on click).
    const row = p.y;
    if (lastX.get(row) === Math.round(p.x) && e !== selected && !linked.has(e)) continue;
    lastX.set(row, Math.round(p.x));
    glyph(ctx, e, p.x, p.y, e === selected, linked.has(e));
  }
  // Lane labels over everything at the left.
  ctx.fillStyle = "rgba(255,255,255,0.95)";
  ctx.fillRect(0, AXIS_HEIGHT, LABEL_WIDTH, height - AXIS_HEIGHT);
  ctx.fillStyle = "#1d2125";
  model.lanes.forEach((lane, i) => {
    ctx.fillText(clip(ctx, lane.label, LABEL_WIDTH - 8), 4, AXIS_HEIGHT + i * LANE_HEIGHT + LANE_HEIGHT / 2);
  });
}

function drawListSpan(
  ctx: CanvasRenderingContext2D,
  e: Extract<TraceEvent, { kind: "list.change" }>,
  p: { x: number; y: number },
  events: readonly TraceEvent[],
  i: number,
  to: number,
  view: View,
  width: number,
  model: Model,
): void {
  // The list's contents from this change to the next, written in its lane.
  let nextX = width;
  for (let j = i + 1; j < to; j++) {
    const n = events[j];
    if (n.kind === "list.change" && n.list === e.list) {
      nextX = Math.min(width, xOf(n.t, view, width));
      break;
    }
  }
  const room = nextX - p.x - 8;
  if (room < 30) return;
  const label = `[${e.items.map((c) => short(model.peers.get(c) ?? `#${c}`)).join(", ")}]`;
  ctx.fillStyle = "#8250df";
  ctx.fillText(clip(ctx, label, room), p.x + 6, p.y);
}

const short = (peer: string) => peer.replace(/^terminal /, "T").replace(/^client :/, ":");

function glyph(ctx: CanvasRenderingContext2D, e: TraceEvent, x: number, y: number, selected: boolean, linked: boolean): void {
  ctx.fillStyle = COLOURS[e.kind] ?? "#57606a";
  ctx.strokeStyle = ctx.fillStyle;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  switch (e.kind) {
    case "send":
    case "print":
      ctx.moveTo(x - 4, y - 5);
      ctx.lineTo(x + 4, y);
      ctx.lineTo(x - 4, y + 5);
      ctx.fill();
      break;
    case "accept":
    case "listen":
    case "connect":
    case "typed":
      ctx.moveTo(x, y - 6);
      ctx.lineTo(x + 5, y + 4);
      ctx.lineTo(x - 5, y + 4);
      ctx.fill();
      break;
    case "list.change":
      ctx.moveTo(x, y - 6);
      ctx.lineTo(x + 5, y);
      ctx.lineTo(x, y + 6);
      ctx.lineTo(x - 5, y);
      ctx.fill();
      break;
    case "lock.acquire":
    case "lock.wait":
      ctx.rect(x - 4, y - 4, 8, 8);
      if (e.kind === "lock.acquire") ctx.fill();
      else ctx.stroke();
      break;
    case "lock.release":
      ctx.rect(x - 4, y - 4, 8, 8);
      ctx.stroke();
      break;
    case "close":
    case "sock.error":
    case "exception":
      ctx.moveTo(x - 4, y - 4);
      ctx.lineTo(x + 4, y + 4);
      ctx.moveTo(x + 4, y - 4);
      ctx.lineTo(x - 4, y + 4);
      ctx.stroke();
      break;
    case "thread.start":
    case "thread.end":
      ctx.moveTo(x, y - 8);
      ctx.lineTo(x, y + 8);
      ctx.stroke();
      break;
    default:
      ctx.arc(x, y, 4, 0, Math.PI * 2);
      ctx.fill();
  }
  if (selected || linked) {
    ctx.beginPath();
    ctx.strokeStyle = selected ? "#000" : "#d4a72c";
    ctx.lineWidth = 2;
    ctx.arc(x, y, 8, 0, Math.PI * 2);
    ctx.stroke();
  }
}

function drawAxis(ctx: CanvasRenderingContext2D, width: number, view: View): void {
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, AXIS_HEIGHT);
  const span = (width - LABEL_WIDTH) * view.msPerPx;
  // Ticks far enough apart for their labels ("−500 ms" is about the widest), at most 8 of them.
  const minPx = ctx.measureText("−500 ms").width + 12;
  const step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000].find((s) => span / s <= 8 && s / view.msPerPx >= minPx) ?? 60_000;
  ctx.fillStyle = "#5b6570";
  ctx.strokeStyle = "#dde1e6";
  ctx.lineWidth = 1;
  // Ticks at round times before the right edge ("now" while live). "now" sits left of its tick,
  // the others right of theirs: a label that would run into the one on its right is left out.
  let free = width;
  for (let ago = 0; ago <= span; ago += step) {
    const x = width - ago / view.msPerPx;
    if (x < LABEL_WIDTH) break;
    ctx.beginPath();
    ctx.moveTo(x, AXIS_HEIGHT - 4);
    ctx.lineTo(x, AXIS_HEIGHT);
    ctx.stroke();
    const label = ago === 0 ? "now" : `−${ago >= 1000 ? `${ago / 1000} s` : `${ago} ms`}`;
    const w = ctx.measureText(label).width;
    const left = ago === 0 ? x - w - 2 : x + 2;
    if (ago > 0 && left + w + 4 > free) continue;
    ctx.fillText(label, left, AXIS_HEIGHT / 2);
    free = left;
  }
}

function clip(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let n = text.length;
  while (n > 1 && ctx.measureText(`${text.slice(0, n)}…`).width > width) n = Math.floor(n * 0.85);
  return `${text.slice(0, n)}…`;
}
