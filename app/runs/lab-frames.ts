// The lab's frames on the page's control socket, handled one after another in the order they came.
// A run's trace can come in one message of a thousand events or more (the lab sends what it read
// since its last message, and its timer runs late when it is busy; a page that opens gets 5,000 at
// once): validating such a message in one go took the page's main thread 10-20 ms of CPU, longer
// than a frame. So a long trace message is validated a slice of events at a time, each slice a
// task of its own, and handed on whole once every event is valid (an invalid event still rejects
// the whole message, as before); the frames behind it wait, so nothing is handled out of order.
import { z } from "zod";
import { messageError, parseServerFrame, RunTraceMessage, ServerMessage, validateMessage } from "@/shared/protocol";
import { TraceEvent } from "@/shared/trace-events";

/** Events validated in one task: about 1-3 ms of the page's main thread. */
export const TRACE_SLICE = 250;

export type FrameResult = { ok: true; value: ServerMessage } | { ok: false; error: string };

/** The message without its events (checked by the slice), and the events a slice at a time. */
const TraceEnvelope = RunTraceMessage.extend({ events: z.array(z.unknown()) });
const TraceSlice = z.array(TraceEvent);

interface Slicing {
  envelope: z.infer<typeof TraceEnvelope>;
  valid: TraceEvent[];
  at: number;
}

/** Runs a function in a task of its own, soon (a MessageChannel: setTimeout(0) is held back to 4 ms when nested). */
export function nextTask(): (run: () => void) => void {
  if (typeof MessageChannel === "undefined") return (run) => setTimeout(run, 0);
  const channel = new MessageChannel();
  const waiting: Array<() => void> = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return (run) => {
    waiting.push(run);
    channel.port2.postMessage(null);
  };
}

export class LabFrames {
  private readonly queue: Array<string | Uint8Array> = [];
  private slicing: Slicing | null = null;

  constructor(
    private readonly handle: (result: FrameResult) => void,
    private readonly later: (run: () => void) => void = nextTask(),
  ) {}

  /** A frame as the socket gave it: handled now, unless a long trace message before it is still being checked. */
  push(frame: string | Uint8Array): void {
    this.queue.push(frame);
    this.drain();
  }

  private drain(): void {
    while (!this.slicing && this.queue.length) this.take(this.queue.shift()!);
  }

  private take(frame: string | Uint8Array): void {
    if (typeof frame !== "string") return this.handle(parseServerFrame(frame));
    let json: unknown;
    try {
      json = JSON.parse(frame);
    } catch {
      return this.handle(parseServerFrame(frame));
    }
    const events = (json as { type?: unknown; events?: unknown } | null)?.type === "run.trace" ? (json as { events?: unknown }).events : undefined;
    if (!Array.isArray(events) || events.length <= TRACE_SLICE) return this.handle(validateMessage(ServerMessage, json));
    const envelope = validateMessage(TraceEnvelope, json);
    if (!envelope.ok) return this.handle(envelope);
    this.slicing = { envelope: envelope.value, valid: [], at: 0 };
    this.later(() => this.step());
  }

  /** One slice of the long trace message's events; the message goes on when the last is valid. */
  private step(): void {
    const s = this.slicing!;
    const { events } = s.envelope;
    const slice = TraceSlice.safeParse(events.slice(s.at, s.at + TRACE_SLICE));
    if (!slice.success) {
      this.slicing = null;
      // Where in the message: the slice's index plus where the slice began.
      const issue = slice.error.issues[0];
      const path = issue.path.length ? ["events", s.at + Number(issue.path[0]), ...issue.path.slice(1)] : ["events"];
      this.handle({ ok: false, error: messageError({ message: issue.message, path }) });
      return this.drain();
    }
    for (const event of slice.data) s.valid.push(event);
    s.at += TRACE_SLICE;
    if (s.at < events.length) return this.later(() => this.step());
    this.slicing = null;
    this.handle({ ok: true, value: { ...s.envelope, events: s.valid } });
    this.drain();
  }
}
