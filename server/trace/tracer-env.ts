// What the sandbox adds to a traced program's start: the tracer's folders on PYTHONPATH and where
// the tracer connects. The student's file is not changed; see tracer/lab_trace/ and docs/trace.md.
import { randomBytes } from "node:crypto";
import { join } from "node:path";

/** The lab's start-up hooks (sitecustomize.py composes the weak mode's ports and the tracer). */
export const SITE_DIR = join(import.meta.dirname, "..", "sandbox", "site");
/** The tracer package lab_trace. */
export const TRACER_DIR = join(import.meta.dirname, "tracer");

/** Events the tracer holds while the lab does not read them; past this it drops and counts. */
const HELD_EVENTS = 20_000;

/** A fresh abstract Unix socket name ("@..."): per network namespace, no file to plant or clean up. */
export function traceSocketName(): string {
  return `@lab-trace-${randomBytes(12).toString("hex")}`;
}

/** The environment a traced program starts with; `pythonPath` lists where the two folders are seen from inside. */
export function tracerEnv(socketName: string, programPath: string, pythonPath: string[]): Record<string, string> {
  return {
    PYTHONPATH: pythonPath.join(":"),
    LAB_TRACE_SOCKET: socketName,
    LAB_TRACE_PROGRAM: programPath,
    LAB_TRACE_HELD: String(HELD_EVENTS),
  };
}
