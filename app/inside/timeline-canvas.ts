// Drawing the timeline on a canvas: lanes as rows, time to the right. Only the events in view are
// drawn (found by binary search on time in each lane's own index), at most one glyph per pixel of a
// lane, glyphs of a kind in one path: 10,000 events and 20 clients redraw well inside a frame.
import type { TraceEvent } from "@/shared/trace-events";
import { laneOf, listLane, type Model, type TimelineIndex } from "./timeline-model";

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

export function laneRows(model: Model): Map<number, number> {
  return new Map(model.lanes.map((lane, i) => [lane.id, i]));
}

export function canvasHeight(model: Model): number {
  return AXIS_HEIGHT + Math.max(1, model.lanes.length) * LANE_HEIGHT;
}

export function xOf(t: number, view: View, width: number): number {
  return width - (view.end - t) / view.msPerPx;
}

const laneIdOf = (e: TraceEvent) => (e.kind === "list.change" ? listLane(e.list) : laneOf(e));
const rowY = (row: number) => AXIS_HEIGHT + row * LANE_HEIGHT + LANE_HEIGHT / 2;

/** Where an event sits on the canvas. */
export function position(e: TraceEvent, rows: Map<number, number>, view: View, width: number): { x: number; y: number } | null {
  const row = rows.get(laneIdOf(e));
  if (row === undefined) return null;
  return { x: xOf(e.t, view, width), y: rowY(row) };
}

/** In a lane's events (seqs[head..], oldest first), the first whose time is at or after t. */
function firstInLane(index: TimelineIndex, seqs: readonly number[], head: number, t: number): number {
  let lo = head;
  let hi = seqs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((index.event(seqs[mid])?.t ?? -Infinity) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The event drawn nearest to a click at (x, y), within 8 px: only the lane under it is looked at. */
export function hit(index: TimelineIndex, model: Model, view: View, width: number, x: number, y: number): TraceEvent | null {
  const row = Math.round((y - AXIS_HEIGHT - LANE_HEIGHT / 2) / LANE_HEIGHT);
  const lane = model.lanes[row] && index.lane(model.lanes[row].id);
  if (!lane) return null;
  const t = view.end - (width - x) * view.msPerPx;
  let best: TraceEvent | null = null;
  let bestD = 64;
  for (let i = firstInLane(index, lane.seqs, lane.head, t - 8 * view.msPerPx); i < lane.seqs.length; i++) {
    const e = index.event(lane.seqs[i]);
    if (!e) continue;
    const ex = xOf(e.t, view, width);
    if (ex - x > 8) break;
    const d = (ex - x) ** 2 + (rowY(row) - y) ** 2;
    if (d < bestD) [best, bestD] = [e, d];
  }
  return best;
}

/** Glyphs of one look (shape and colour), gathered for one path and one fill or stroke. */
type Glyphs = Map<string, number[]>;

/**
 * Draws the lanes in view. Each lane's events in view are found by binary search in its own
 * index; many events on one pixel of a lane draw one glyph, glyphs of a kind go in one path, and a
 * lane's waiting bars that touch are one bar: a redraw costs about the pixels shown, not the
 * events held.
 */
export function draw(ctx: CanvasRenderingContext2D, width: number, index: TimelineIndex, model: Model, view: View, selected: TraceEvent | null, linked: ReadonlySet<TraceEvent>): void {
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
  const endT = view.end + view.msPerPx * 4;
  const glyphs: Glyphs = new Map();
  const bars: Record<string, number[]> = {};
  model.lanes.forEach((laneInfo, row) => {
    const lane = index.lane(laneInfo.id);
    if (!lane) return;
    const y = rowY(row);
    const { seqs } = lane;
    const from = firstInLane(index, seqs, lane.head, startT);
    // The list's contents as they were when the view begins (its last change before).
    if (laneInfo.id <= -2 && from > lane.head) {
      const before = index.event(seqs[from - 1]);
      if (before?.kind === "list.change") drawListSpan(ctx, before, LABEL_WIDTH - 6, y, index.event(seqs[from]), view, width, model);
    }
    let lastX = NaN;
    let barColour = "";
    let bar0 = 0;
    let bar1 = -Infinity;
    for (let i = from; i < seqs.length; i++) {
      const e = index.event(seqs[i]);
      if (!e) continue;
      if (e.t >= endT) break;
      const x = xOf(e.t, view, width);
      // What a blocking call waited for, as a thin bar before it ("waiting in recv").
      if ("wait" in e && e.wait && e.wait / view.msPerPx > 2 && x > LABEL_WIDTH) {
        const colour = e.kind === "lock.acquire" ? "rgba(154,103,0,0.35)" : "rgba(31,95,191,0.15)";
        const x0 = Math.max(LABEL_WIDTH, x - e.wait / view.msPerPx);
        if (colour === barColour && x0 <= bar1 + 1) bar1 = Math.max(bar1, x);
        else {
          if (barColour) (bars[barColour] ??= []).push(bar0, y, bar1 - bar0);
          [barColour, bar0, bar1] = [colour, x0, x];
        }
      }
      if (e.kind === "list.change") drawListSpan(ctx, e, x, y, index.event(seqs[i + 1] ?? -1), view, width, model);
      // Many events on one pixel: draw one (the details list them on click). The selected event
      // and those linked to it are drawn last, on top.
      const px = Math.round(x);
      if (px === lastX || e === selected || linked.has(e)) continue;
      lastX = px;
      const key = glyphKey(e);
      const at = glyphs.get(key);
      if (at) at.push(x, y);
      else glyphs.set(key, [x, y]);
    }
    if (barColour) (bars[barColour] ??= []).push(bar0, y, bar1 - bar0);
  });
  for (const [colour, spans] of Object.entries(bars)) {
    ctx.fillStyle = colour;
    ctx.beginPath();
    for (let i = 0; i < spans.length; i += 3) ctx.rect(spans[i], spans[i + 1] - 2, spans[i + 2], 4);
    ctx.fill();
  }
  for (const [key, points] of glyphs) drawGlyphs(ctx, key, points);
  // The selected event and those that go with it, ringed, on top.
  const rows = laneRows(model);
  for (const e of [...linked, ...(selected ? [selected] : [])]) {
    const p = position(e, rows, view, width);
    if (!p || p.x < LABEL_WIDTH - 8 || p.x > width + 8) continue;
    drawGlyphs(ctx, glyphKey(e), [p.x, p.y]);
    ctx.beginPath();
    ctx.strokeStyle = e === selected ? "#000" : "#d4a72c";
    ctx.lineWidth = 2;
    ctx.arc(p.x, p.y, 8, 0, Math.PI * 2);
    ctx.stroke();
  }
  // Lane labels over everything at the left.
  ctx.fillStyle = "rgba(255,255,255,0.95)";
  ctx.fillRect(0, AXIS_HEIGHT, LABEL_WIDTH, height - AXIS_HEIGHT);
  ctx.fillStyle = "#1d2125";
  model.lanes.forEach((lane, i) => {
    ctx.fillText(clip(ctx, lane.label, LABEL_WIDTH - 8), 4, rowY(i));
  });
}

function drawListSpan(ctx: CanvasRenderingContext2D, e: Extract<TraceEvent, { kind: "list.change" }>, x: number, y: number, next: TraceEvent | undefined, view: View, width: number, model: Model): void {
  // The list's contents from this change to the next, written in its lane.
  const nextX = next ? Math.min(width, xOf(next.t, view, width)) : width;
  const room = nextX - x - 8;
  if (room < 30) return;
  const label = `[${e.items.map((c) => short(model.peers.get(c) ?? `#${c}`)).join(", ")}]`;
  ctx.fillStyle = "#8250df";
  ctx.fillText(clip(ctx, label, room), x + 6, y);
}

const short = (peer: string) => peer.replace(/^terminal /, "T").replace(/^client :/, ":");

/** Which look an event's glyph has: its shape, and its kind's colour. */
function glyphKey(e: TraceEvent): string {
  return `${SHAPES[e.kind] ?? "dot"} ${COLOURS[e.kind] ?? "#57606a"}`;
}

const SHAPES: Partial<Record<TraceEvent["kind"], string>> = {
  send: "arrow",
  print: "arrow",
  accept: "triangle",
  listen: "triangle",
  connect: "triangle",
  typed: "triangle",
  "list.change": "diamond",
  "lock.acquire": "box",
  "lock.wait": "square",
  "lock.release": "square",
  close: "cross",
  "sock.error": "cross",
  exception: "cross",
  "thread.start": "tick",
  "thread.end": "tick",
};

/** Glyphs of one look at (x, y) pairs, in one path. */
function drawGlyphs(ctx: CanvasRenderingContext2D, key: string, points: readonly number[]): void {
  const [shape, colour] = key.split(" ");
  ctx.fillStyle = colour;
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (let i = 0; i < points.length; i += 2) {
    const x = points[i];
    const y = points[i + 1];
    switch (shape) {
      case "arrow":
        ctx.moveTo(x - 4, y - 5);
        ctx.lineTo(x + 4, y);
        ctx.lineTo(x - 4, y + 5);
        ctx.closePath();
        break;
      case "triangle":
        ctx.moveTo(x, y - 6);
        ctx.lineTo(x + 5, y + 4);
        ctx.lineTo(x - 5, y + 4);
        ctx.closePath();
        break;
      case "diamond":
        ctx.moveTo(x, y - 6);
        ctx.lineTo(x + 5, y);
        ctx.lineTo(x, y + 6);
        ctx.lineTo(x - 5, y);
        ctx.closePath();
        break;
      case "box":
      case "square":
        ctx.rect(x - 4, y - 4, 8, 8);
        break;
      case "cross":
        ctx.moveTo(x - 4, y - 4);
        ctx.lineTo(x + 4, y + 4);
        ctx.moveTo(x + 4, y - 4);
        ctx.lineTo(x - 4, y + 4);
        break;
      case "tick":
        ctx.moveTo(x, y - 8);
        ctx.lineTo(x, y + 8);
        break;
      default:
        ctx.moveTo(x + 4, y);
        ctx.arc(x, y, 4, 0, Math.PI * 2);
    }
  }
  // Outlines for a lock waited for or released, strokes for crosses and ticks; the rest filled.
  if (shape === "square" || shape === "cross" || shape === "tick") ctx.stroke();
  else ctx.fill();
}

function drawAxis(ctx: CanvasRenderingContext2D, width: number, view: View): void {
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, AXIS_HEIGHT);
  const span = (width - LABEL_WIDTH) * view.msPerPx;
  // Ticks far enough apart for their labels ("−500 ms" is about the widest), at most 8 of them.
  const minPx = textWidth(ctx, "−500 ms") + 12;
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
    const w = textWidth(ctx, label);
    const left = ago === 0 ? x - w - 2 : x + 2;
    if (ago > 0 && left + w + 4 > free) continue;
    ctx.fillText(label, left, AXIS_HEIGHT / 2);
    free = left;
  }
}

/**
 * A text's width in the canvas's font, remembered: the lane labels, the list's contents and the
 * axis labels are the same from one frame to the next, and measuring them again (with clip's
 * shortening loop) was about a quarter of a redraw's own time in a CPU profile while events
 * streamed in.
 */
const widths = new Map<string, number>();

function textWidth(ctx: CanvasRenderingContext2D, text: string): number {
  const key = `${ctx.font}\u0000${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    // Bounded: labels change as clients come and go and the list's contents change.
    if (widths.size >= 2000) widths.clear();
    width = ctx.measureText(text).width;
    widths.set(key, width);
  }
  return width;
}

function clip(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (textWidth(ctx, text) <= width) return text;
  let n = text.length;
  while (n > 1 && textWidth(ctx, `${text.slice(0, n)}…`) > width) n = Math.floor(n * 0.85);
  return `${text.slice(0, n)}…`;
}
