// What the checks report, as zod schemas: the report and the progress events will travel over
// the lab's WebSocket, so both sides can validate them, and everything here is plain JSON.
import { z } from "zod";

export const Exercise = z.number().int().min(1).max(5);

/** How runs are kept apart: the Isolation of server/sandbox/types.ts, on the wire. */
export const Isolation = z.object({ isolated: z.boolean(), description: z.string().max(200) });
export type Exercise = z.infer<typeof Exercise>;

/** One thing that happened on one client's connection, in order. */
export const TranscriptEntry = z.object({
  /** Milliseconds since the check started. */
  atMs: z.number(),
  kind: z.enum(["connected", "sent", "received", "left", "reset", "closed by server", "refused", "error", "note"]),
  /** The bytes sent or received as text (\r\n kept), or a few words for the other kinds. */
  text: z.string(),
});
export type TranscriptEntry = z.infer<typeof TranscriptEntry>;

export const Transcript = z.object({
  /** "client 1", "client 2", ... in the order the check connected them. */
  client: z.string(),
  entries: z.array(TranscriptEntry),
  /** Set when entries were left out to keep the report small (a stress check has hundreds of lines). */
  truncated: z.boolean().optional(),
});
export type Transcript = z.infer<typeof Transcript>;

export const CheckStatus = z.enum(["pass", "fail", "skipped"]);
export type CheckStatus = z.infer<typeof CheckStatus>;

export const CheckResult = z.object({
  /** Stable id, e.g. "ex2-next-clients". */
  id: z.string(),
  /** What the check is about, as a student would say it. */
  name: z.string(),
  status: CheckStatus,
  /** What a correct program does here. */
  expected: z.string(),
  /** What this program did. */
  happened: z.string(),
  /** On a failure: the problem in a few words, e.g. "the server exits after the first client leaves". */
  finding: z.string().optional(),
  /** On a failure: what the student can try. */
  hint: z.string().optional(),
  /** Things worth knowing that did not fail the check (a thread that died without costing anyone a line). */
  warnings: z.array(z.string()),
  /** Neutral observations, e.g. whether the sender gets its own line back. */
  notes: z.array(z.string()),
  transcripts: z.array(Transcript),
  /** What the program wrote to stderr (tracebacks), when it wrote anything. */
  stderr: z.string().optional(),
  /** How the program ended, when it ended during the check. */
  exit: z.object({ code: z.number().nullable(), signal: z.string().nullable(), reason: z.string().optional() }).optional(),
  durationMs: z.number(),
  /** Set when the machine was busy during the check: its time limits were stretched. */
  busy: z.string().optional(),
});
export type CheckResult = z.infer<typeof CheckResult>;

export const CheckReport = z.object({
  exercise: Exercise,
  /** The file name the program ran as. */
  fileName: z.string(),
  passed: z.boolean(),
  checks: z.array(CheckResult),
  /** How the program's runs were kept apart. */
  isolation: Isolation,
  durationMs: z.number(),
  /** Set when the machine was busy during the checks, e.g. "programs waited for a CPU 98% of the last 10 s". */
  busy: z.string().optional(),
});
export type CheckReport = z.infer<typeof CheckReport>;

export const Progress = z.object({
  exercise: Exercise,
  /** 0-based index of the check running now, and how many checks there are. */
  index: z.number().int(),
  count: z.number().int(),
  checkId: z.string(),
  checkName: z.string(),
  /** "running" while it runs (repeated as clients come and go), then its outcome. */
  state: z.enum(["running", "pass", "fail", "skipped"]),
  /** Clients connected to the program right now. */
  clientsConnected: z.number().int(),
  /** A few words on what the check is doing, e.g. "round 2 of 3: 50 clients sending". */
  message: z.string().optional(),
});
export type Progress = z.infer<typeof Progress>;

/** A session's checks while they wait in line (place) or run (the latest progress), for a page that opens meanwhile. */
export const CheckUnderWay = z.object({
  exercise: Exercise,
  place: z.number().int().positive().optional(),
  progress: Progress.optional(),
});
export type CheckUnderWay = z.infer<typeof CheckUnderWay>;

/** Live numbers from a stress run (the check's, or the "Stress test" button's). */
export const StressStats = z.object({
  connected: z.number().int(),
  linesSent: z.number().int(),
  /** Deliveries to clients that stayed connected that never arrived. */
  linesLost: z.number().int(),
  /** Deliveries expected so far: each line sent, once to every other client that stayed (the unit of linesLost). */
  deliveriesExpected: z.number().int(),
  /** "Exception in thread" tracebacks seen on the program's stderr. */
  exceptionsSeen: z.number().int(),
});
export type StressStats = z.infer<typeof StressStats>;
