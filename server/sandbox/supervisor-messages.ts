// Messages on the IPC channel between the lab server and a run's supervisor (which lives inside the
// run's network namespace). Validated on both ends: the supervisor shares a namespace with
// untrusted code, so the host trusts nothing it did not check.
import { z } from "zod";

export const ToSupervisor = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("start"),
    /** The whole command: rlimits, uid drop, bubblewrap, python. */
    command: z.array(z.string()).min(1),
    /** cgroup.procs files the program is placed in before it runs. */
    cgroupProcs: z.array(z.string()),
    outputBytesPerSecond: z.number().positive(),
    /** Traced runs: the abstract Unix socket ("@name") the program's tracer connects to; handed to the lab. */
    traceSocket: z.string().regex(/^@lab-trace-[0-9a-f]{24}$/).optional(),
  }),
  z.object({
    type: z.literal("connect"),
    id: z.number().int(),
    port: z.number().int().min(1).max(65535),
    /** Source address on the run's loopback (checked by the lab: socket-connection.ts). */
    from: z.string().regex(/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/).optional(),
  }),
  z.object({ type: z.literal("stdin"), data: z.string() /* base64 */ }),
  z.object({ type: z.literal("eof") }),
  z.object({ type: z.literal("kill") }),
]);
export type ToSupervisor = z.infer<typeof ToSupervisor>;

export const FromSupervisor = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }),
  z.object({ type: z.literal("started"), pid: z.number().int() }),
  z.object({ type: z.literal("output"), stream: z.enum(["stdout", "stderr"]), data: z.string() /* base64 */ }),
  z.object({ type: z.literal("throttled"), bytesPerSecond: z.number() }),
  z.object({ type: z.literal("ports"), ports: z.array(z.number().int()) }),
  /** Sent with the connected socket as the message's handle. */
  z.object({ type: z.literal("connected"), id: z.number().int() }),
  /** Sent with the tracer's connection as the message's handle (traced runs, once). */
  z.object({ type: z.literal("trace") }),
  z.object({ type: z.literal("connectFailed"), id: z.number().int(), code: z.string() }),
  z.object({ type: z.literal("exit"), code: z.number().int().nullable(), signal: z.string().nullable() }),
  z.object({ type: z.literal("failed"), message: z.string() }),
]);
export type FromSupervisor = z.infer<typeof FromSupervisor>;
