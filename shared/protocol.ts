// The one schema for every WebSocket message between the browser and the lab server.
// Both sides import this module, so they cannot drift; docs/protocol.md describes it for people.
import { z } from "zod";
import { CheckReport, CheckUnderWay, Exercise, Isolation, Progress, StressStats } from "./check-report";
import { ShareClientMessages, ShareServerMessages } from "./share-messages";
import { TraceEvent, TraceStatus } from "./trace-events";
import { ClassClientMessages, ClassServerMessages } from "./class-messages";
import { RaceFindings } from "./race";

/** Largest text message either side accepts (a whole program fits, a flood does not). */
export const MAX_CONTROL_MESSAGE_BYTES = 256 * 1024;
/** Largest binary frame a terminal may send (a big paste is split by the client). */
export const MAX_TERMINAL_FRAME_BYTES = 64 * 1024;
/** Largest student program the lab runs. */
export const MAX_SOURCE_BYTES = 200 * 1024;

export const STAGES = [0, 1, 2, 3, 4, 5] as const;
export const Stage = z.number().int().min(0).max(5);

/** What to run: one of the lab's stage programs, or source the student wrote. */
export const ProgramSpec = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("stage"), stage: Stage }),
  z.object({
    kind: z.literal("source"),
    /** File name shown to the student and used in tracebacks, e.g. chatserver2.py */
    name: z.string().regex(/^[A-Za-z0-9_-]{1,40}\.py$/, "a file name like chatserver2.py"),
    source: z.string().max(MAX_SOURCE_BYTES, `a program of at most ${MAX_SOURCE_BYTES / 1024} KiB`),
    /** The exercise this version belongs to, for labels ("your version of exercise 2"). */
    stage: Stage,
  }),
]);
export type ProgramSpec = z.infer<typeof ProgramSpec>;

/** A run slot names where a run lives on the page, e.g. "exercise-4"; starting a run in a slot replaces the one there. */
export const Slot = z.string().regex(/^[a-z0-9-]{1,40}$/);

export const RunState = z.discriminatedUnion("state", [
  /** place: the run waits to start, this far back in the line (1: next); the lab starts a few programs at a time. */
  z.object({ state: z.literal("starting"), place: z.number().int().positive().optional() }),
  /** Running; ports lists the TCP ports the program listens on (empty: not listening yet). */
  z.object({ state: z.literal("running"), ports: z.array(z.number().int()) }),
  z.object({
    state: z.literal("exited"),
    code: z.number().int().nullable(),
    signal: z.string().nullable(),
    /** Why, in words, when the lab knows more than the code says (out of memory, CPU limit...). */
    reason: z.string().optional(),
  }),
  z.object({ state: z.literal("stopped"), reason: z.string() }),
]);
export type RunState = z.infer<typeof RunState>;

export const OutputStream = z.enum(["stdout", "stderr", "system"]);
export type OutputStream = z.infer<typeof OutputStream>;

export const OutputChunk = z.object({ stream: OutputStream, data: z.string() });
export type OutputChunk = z.infer<typeof OutputChunk>;

export const RunSnapshot = z.object({
  runId: z.string(),
  slot: Slot,
  label: z.string(),
  program: ProgramSpec,
  state: RunState,
  /** Output so far (the newest part, when there was more than the lab keeps). */
  output: z.array(OutputChunk),
  stdinOpen: z.boolean(),
  /** When the run was started (ms since the epoch). */
  createdAt: z.number(),
});
export type RunSnapshot = z.infer<typeof RunSnapshot>;

// ---- control socket (/ws/lab): JSON text frames ----

/** Chosen by the page for a message it sends; an error that message causes carries it back. */
export const RequestId = z.string().max(64);

const ClientMessages = [
  z.object({ type: z.literal("run.start"), slot: Slot, program: ProgramSpec }),
  z.object({ type: z.literal("run.stop"), runId: z.string().max(64) }),
  /** A line (or any text) for the program's standard input. */
  z.object({ type: z.literal("run.stdin"), runId: z.string().max(64), data: z.string().max(64 * 1024) }),
  /** End of input (Ctrl+D). */
  z.object({ type: z.literal("run.eof"), runId: z.string().max(64) }),
  /** Run an exercise's checks on a program, in fresh runs of their own. */
  z.object({ type: z.literal("check.start"), exercise: Exercise, program: ProgramSpec }),
  z.object({ type: z.literal("check.cancel") }),
  /** Stress the program running in a run (exercise 5's "Stress test"), or stop doing so. */
  /** race: "Show me the race" (the stress with the whole trace read, then the interleaving found). */
  z.object({ type: z.literal("stress.start"), runId: z.string().max(64), race: z.boolean().optional() }),
  z.object({ type: z.literal("stress.stop"), runId: z.string().max(64) }),
  ...ShareClientMessages,
  ...ClassClientMessages,
] as const;

/** Each message with an optional `id` (see ClientMessage). */
type WithId<T extends readonly z.ZodObject[]> = { -readonly [K in keyof T]: T[K] extends z.ZodObject<infer S> ? z.ZodObject<z.core.util.Extend<S, { id: z.ZodOptional<typeof RequestId> }>> : never };
const withId = <T extends readonly z.ZodObject[]>(messages: T) => messages.map((m) => m.extend({ id: RequestId.optional() })) as WithId<T>;

/**
 * Any of them may carry an id, so that only the panel that asked shows what went wrong. Each
 * message is given the field rather than the union intersected with it: an intersection parses
 * every message twice and merges the results, which cost about twice the parse itself.
 */
export const ClientMessage = z.discriminatedUnion("type", withId(ClientMessages));
export type ClientMessage = z.infer<typeof ClientMessage>;

export const LabMode = z.object({
  /** How runs are kept apart (server/sandbox/types.ts, Isolation). */
  isolation: Isolation,
  /** Shown on every page and in every run's console when runs are not isolated. */
  warning: z.string().optional(),
});
export type LabMode = z.infer<typeof LabMode>;

export const ServerMessage = z.discriminatedUnion("type", [
  /** First on every control socket: the session's runs, its checks if under way, and its latest check report. Each run's output so far follows as run.output frames. */
  z.object({ type: z.literal("session"), mode: LabMode, runs: z.array(RunSnapshot), check: CheckUnderWay.nullable(), lastReport: CheckReport.nullable() }),
  z.object({ type: z.literal("run.created"), run: RunSnapshot }),
  z.object({ type: z.literal("run.state"), runId: z.string(), state: RunState }),
  /** Sent as a binary frame, not JSON (see encodeRunOutput); this is the message the frame decodes to. */
  z.object({ type: z.literal("run.output"), runId: z.string(), stream: OutputStream, data: z.string() }),
  z.object({ type: z.literal("run.stdin"), runId: z.string(), open: z.boolean() }),
  z.object({ type: z.literal("run.removed"), runId: z.string() }),
  /**
   * What the run's program did since the last message (docs/trace.md), and how its trace is going.
   * A page that opens or reloads gets what the lab kept first (since: true: the events replace any it has).
   */
  z.object({ type: z.literal("run.trace"), runId: z.string(), events: z.array(TraceEvent), status: TraceStatus, since: z.boolean().optional() }),
  /** The checks wait for a free place (the lab runs a few at a time): place 1 is next. */
  z.object({ type: z.literal("check.waiting"), exercise: Exercise, place: z.number().int().positive() }),
  z.object({ type: z.literal("check.progress"), progress: Progress }),
  z.object({ type: z.literal("check.report"), report: CheckReport }),
  /** The checks could not run at all (already running, cancelled); message says what to do. */
  z.object({ type: z.literal("check.failed"), exercise: Exercise, message: z.string() }),
  z.object({ type: z.literal("stress.stats"), runId: z.string(), stats: StressStats, done: z.boolean(), summary: z.string().optional() }),
  /** "Show me the race" found this (complete: no event was dropped meanwhile, so a race not found was not there to find). */
  z.object({ type: z.literal("stress.race"), runId: z.string(), findings: RaceFindings, complete: z.boolean() }),
  /** A request could not be done: id is the one its message carried; code is stable for tests, message is for people. */
  z.object({ type: z.literal("error"), id: RequestId.optional(), code: z.string(), message: z.string() }),
  ...ShareServerMessages,
  ...ClassServerMessages,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

// ---- terminal socket (/ws/terminal?run=ID&port=N, or ?share=ID to join a classmate's server): binary frames carry TCP bytes both ways;
// text frames carry these JSON status messages ----

export const TerminalStatus = z.enum(["connecting", "connected", "refused", "closed", "error"]);
export type TerminalStatus = z.infer<typeof TerminalStatus>;

export const TerminalServerMessage = z.object({
  type: z.literal("status"),
  status: TerminalStatus,
  /** What a telnet user would read, e.g. "Connection refused", "Connection closed by foreign host." */
  message: z.string(),
  /** Once connected: the terminal's own TCP port inside the run (the program's accept and recv show it as the peer). */
  clientPort: z.number().int().optional(),
  /** Connected again to the connection this terminal had before its page reloaded (the program saw nothing). */
  resumed: z.literal(true).optional(),
});
export type TerminalServerMessage = z.infer<typeof TerminalServerMessage>;

export const TerminalClientMessage = z.discriminatedUnion("type", [
  /** Half-close: the client sends end of file but keeps reading. */
  z.object({ type: z.literal("eof") }),
]);
export type TerminalClientMessage = z.infer<typeof TerminalClientMessage>;

/** WebSocket close codes the lab uses (4000-4999 are the application's own). */
export const CloseCode = {
  normal: 1000,
  badMessage: 4400,
  forbidden: 4403,
  notFound: 4404,
  tooBig: 1009,
  full: 4429,
} as const;

export function parseMessage<T>(schema: z.ZodType<T>, text: string): { ok: true; value: T } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: "not JSON: every text message must be one JSON object" };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
  return { ok: false, error: `invalid message${where}: ${issue?.message ?? "unknown problem"}` };
}

// ---- run output on the control socket: binary frames ----
// A program's output goes to pages as bytes, not JSON: JSON writes a control byte as six (\u0001),
// so a program printing them made the lab send six times what it printed, to every open page.
// Frame: byte 0 the stream (0 stdout, 1 stderr, 2 system), byte 1 the run id's length, the run id,
// then the output as UTF-8.

const STREAM_CODES = OutputStream.options;
const utf8 = new TextEncoder();

export function encodeRunOutput(runId: string, stream: OutputStream, data: string): Uint8Array {
  const id = utf8.encode(runId);
  if (id.length > 255) throw new Error(`run id too long for an output frame: ${runId}`);
  const body = utf8.encode(data);
  const frame = new Uint8Array(2 + id.length + body.length);
  frame[0] = STREAM_CODES.indexOf(stream);
  frame[1] = id.length;
  frame.set(id, 2);
  frame.set(body, 2 + id.length);
  return frame;
}

/** Any frame the lab sends on the control socket: JSON text, or run output in binary. */
export function parseServerFrame(data: string | Uint8Array): { ok: true; value: ServerMessage } | { ok: false; error: string } {
  if (typeof data === "string") return parseMessage(ServerMessage, data);
  const stream = STREAM_CODES[data[0]];
  if (data.length < 2 || !stream || data.length < 2 + data[1]) return { ok: false, error: "a binary frame that is not run output" };
  const decoder = new TextDecoder();
  const runId = decoder.decode(data.subarray(2, 2 + data[1]));
  return { ok: true, value: { type: "run.output", runId, stream, data: decoder.decode(data.subarray(2 + data[1])) } };
}
