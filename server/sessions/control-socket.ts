// The control socket (/ws/lab): one per open page, read no faster than its client's budget
// (rate-limit.ts; a student's pages and sessions share one: admission/client-budgets.ts). On
// connect it sends the session's runs with their output so far, its checks if under way and its
// latest check report (so a reload reattaches), then carries run commands and
// run events.
import type { WebSocket } from "ws";
import { LabError, type Lab } from "../lab";
import { greet, handleClassMessage, isClassMessage, pageClosed } from "../class/class-socket";
import { ClientMessage, CloseCode, encodeRunOutput, parseMessage, RequestId, type ServerMessage } from "../../shared/protocol";
import { ReadHold } from "./rate-limit";
import type { Session } from "./session";
import { inParts, PAGE_SNAPSHOT } from "../trace/page-feed";

function reply(socket: WebSocket, message: ServerMessage): void {
  socket.send(JSON.stringify(message));
}

/** Every error on this socket has this one shape, with the id of the message that caused it. */
function fail(socket: WebSocket, id: string | undefined, code: string, message: string): void {
  if (socket.readyState === socket.OPEN) reply(socket, { type: "error", ...(id !== undefined && { id }), code, message });
}

/** The id of a message that did not parse, when it has a readable one: its panel is told. */
function idOf(text: string): string | undefined {
  try {
    const id = (JSON.parse(text) as { id?: unknown })?.id;
    return RequestId.safeParse(id).success ? (id as string) : undefined;
  } catch {
    return undefined;
  }
}

export function attachControlSocket(lab: Lab, session: Session, socket: WebSocket): void {
  session.sockets.add(socket);
  session.lastSeen = Date.now();
  // Each run's output so far follows the session message as output frames (bytes, not JSON).
  const runs = [...session.runs.values()].map((run) => run.snapshot());
  reply(socket, {
    type: "session",
    mode: lab.mode,
    runs: runs.map((run) => ({ ...run, output: [] })),
    check: lab.checks.underWay(session),
    lastReport: lab.checks.lastReport(session),
  });
  for (const run of runs) for (const chunk of run.output) socket.send(encodeRunOutput(run.runId, chunk.stream, chunk.data));
  reply(socket, { type: "shares", shares: lab.shares.viewFor(session) });
  reply(socket, { type: "class.answers", states: lab.answers.states });
  for (const run of session.runs.values()) {
    if (!run.trace) continue;
    const status = { ...run.trace.status };
    // The first part replaces what the page had (since), the others follow it.
    inParts(run.trace.events().slice(-PAGE_SNAPSHOT)).forEach((events, i) => reply(socket, { type: "run.trace", runId: run.id, events, status, ...(i === 0 && { since: true as const }) }));
  }
  void greet(lab, session, socket);

  const hold = new ReadHold(socket);
  socket.on("message", (data: Buffer, isBinary) => {
    session.lastSeen = Date.now();
    const budget = lab.admission.budgets.control(session);
    hold.hold(Math.max(budget.messages.take(1), budget.bytes.take(data.length)));
    if (isBinary) {
      fail(socket, undefined, "bad-message", "binary frames are not accepted on the control socket: send JSON text");
      return socket.close(CloseCode.badMessage, "binary frame on the control socket");
    }
    const text = data.toString();
    const parsed = parseMessage(ClientMessage, text);
    if (!parsed.ok) {
      fail(socket, idOf(text), "bad-message", parsed.error);
      return socket.close(CloseCode.badMessage, "malformed message");
    }
    void handle(lab, session, socket, parsed.value);
  });
  socket.on("close", () => {
    hold.cancel();
    session.sockets.delete(socket);
    pageClosed(lab, session);
    session.lastSeen = Date.now();
  });
  socket.on("error", () => {});
}

async function handle(lab: Lab, session: Session, socket: WebSocket, message: ClientMessage): Promise<void> {
  if (isClassMessage(message)) return handleClassMessage(lab, session, socket, message);
  try {
    if (message.type === "run.start") {
      void lab.classroom.programUsed(session.student, message.program, "run");
      await lab.startRun(session, message.slot, message.program);
      return;
    }
    if (message.type === "check.start") {
      lab.allowProgram(message.program);
      void lab.classroom.programUsed(session.student, message.program, "check");
      return await lab.checks.start(session, message.exercise, message.program);
    }
    if (message.type === "check.cancel") return lab.checks.cancel(session);
    if (message.type === "share.disconnect") return lab.shares.disconnect(session, message.shareId, message.joinerId);
    const run = session.runById(message.runId);
    if (!run) throw new LabError("no-such-run", "That run is not in your session any more: press Run to start it again.");
    if (message.type === "run.stop") await run.stop();
    else if (message.type === "run.stdin") run.writeStdin(message.data);
    else if (message.type === "run.eof") run.endStdin();
    else if (message.type === "stress.start") await lab.checks.stress(session, run, message.race ?? false);
    else if (message.type === "stress.stop") lab.checks.stopStress(run.id);
    else if (message.type === "share.start") lab.shares.share(session, run);
    else if (message.type === "share.stop") lab.shares.unshare(run);
  } catch (error) {
    const code = error instanceof LabError ? error.code : "internal";
    const text = error instanceof LabError ? error.message : `The lab could not do that: ${(error as Error).message}`;
    fail(socket, message.id, code, text);
  }
}
