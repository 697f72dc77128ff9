// One browser session: its runs (one per slot on the page) and the control sockets of its open
// pages, each of which sees every change of every run.
import type { WebSocket } from "ws";
import { encodeRunOutput, type ServerMessage } from "../../shared/protocol";
import type { Run } from "../runs/run";
import type { Student } from "../store/class-store";

/** A page that reads slower than the lab writes is dropped; it reconnects and gets a fresh snapshot. */
const MAX_BUFFERED_BYTES = 2 * 1024 * 1024;

export class Session {
  readonly runs = new Map<string, Run>();
  readonly sockets = new Set<WebSocket>();
  lastSeen = Date.now();
  /** The student this browser is, once known (joined, or found in the class store). */
  student: Student | null = null;
  /** This browser gave the instructor key on /instructor: it shares servers as the instructor. */
  instructor = false;
  /** Terminal WebSockets open (own runs' and classmates' shared servers): part of its client's share of sockets. */
  terminalSockets = 0;
  /** The network address its latest page came from (per-address limits on new students). */
  address = "";

  constructor(readonly id: string) {}

  broadcast(message: ServerMessage): void {
    const text = message.type === "run.output" ? encodeRunOutput(message.runId, message.stream, message.data) : JSON.stringify(message);
    for (const socket of this.sockets) {
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) socket.terminate();
      else socket.send(text);
    }
  }

  runById(runId: string): Run | undefined {
    for (const run of this.runs.values()) if (run.id === runId) return run;
    return undefined;
  }

  /** Runs that hold a sandbox (not yet exited or stopped). */
  liveRuns(): number {
    let n = 0;
    for (const run of this.runs.values()) if (!run.finished) n++;
    return n;
  }
}
