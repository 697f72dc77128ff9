// A terminal: one WebSocket joined to one TCP connection into the run, as `telnet localhost PORT`
// inside the run would make. Flow-controlled both ways: neither side buffers without bound, and
// neither carries more than its budget (terminal-budget.ts).
import type { WebSocket } from "ws";
import { CloseCode, MAX_TERMINAL_FRAME_BYTES, parseMessage, TerminalClientMessage, type TerminalServerMessage } from "../../shared/protocol";
import { telnet } from "../../shared/telnet";
import type { Run } from "../runs/run";
import { ReadHold } from "../sessions/rate-limit";
import { PacedInput } from "./paced-input";
import { spend, type TerminalBudget } from "./terminal-budget";
import type { Connection } from "../sandbox/types";

/** Pause reading the program's output while this much is waiting to go to the browser. */
const HIGH_WATER = 256 * 1024;

function status(ws: WebSocket, message: TerminalServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

export interface BridgeOptions {
  /** The source address on the run's loopback the connection comes from (a classmate joining). */
  from?: string;
  /** Whose server this is, for the status lines ("Ana's server"); unset: the student's own run. */
  peer?: string;
  /** How long (ms) a frame of input waits before it goes to the program: a joiner's rate. */
  pace?: (bytes: Buffer) => number;
  /** What this terminal spends its bytes from, each way (terminal-budget.ts); none: unlimited. */
  budgets?: TerminalBudget[];
}

export async function bridgeTerminal(run: Run, port: number, ws: WebSocket, options: BridgeOptions = {}): Promise<void> {
  run.terminals++;
  let released = false;
  const release = () => {
    if (!released) {
      released = true;
      run.terminals--;
      run.lastActivity = Date.now();
    }
  };
  ws.once("close", release);
  ws.on("error", () => {});
  // What the student types while the connection is being made waits in the kernel's buffers.
  ws.pause();
  const trying = options.peer ? telnet.tryingPeer(options.peer, port) : telnet.trying(port);
  status(ws, { type: "status", status: "connecting", message: trying });

  let tcp: Connection;
  try {
    tcp = await run.connect(port, { from: options.from });
  } catch (error) {
    ws.resume();
    const code = (error as NodeJS.ErrnoException).code;
    const refused = code === "ECONNREFUSED";
    status(ws, { type: "status", status: refused ? "refused" : "error", message: refused ? telnet.refused : `Could not connect: ${code ?? (error as Error).message}` });
    ws.close(CloseCode.normal, refused ? "connection refused" : "connect failed");
    return;
  }
  if (ws.readyState !== ws.OPEN) {
    tcp.destroy();
    return;
  }
  status(ws, { type: "status", status: "connected", message: options.peer ? telnet.connectedPeer(options.peer, options.from ?? "127.0.0.1") : telnet.connected(), clientPort: tcp.localPort });

  const budgets = options.budgets ?? [];
  // The program's output waits for the browser to read (HIGH_WATER) and for the budget to refill.
  const browserBehind = () => ws.bufferedAmount >= HIGH_WATER / 2;
  const outputHold = new ReadHold(tcp, browserBehind);
  tcp.on("data", (chunk: Buffer) => {
    ws.send(chunk, { binary: true }, () => {
      if (!browserBehind() && tcp.paused && !outputHold.held) tcp.resume();
    });
    if (ws.bufferedAmount > HIGH_WATER) tcp.pause();
    outputHold.hold(spend(budgets, "output", chunk.length));
  });
  const pace = (bytes: Buffer) => Math.max(options.pace?.(bytes) ?? 0, spend(budgets, "input", bytes.length));
  const input = new PacedInput(ws, pace, (bytes) => {
    run.lastActivity = Date.now();
    // The timeline links what was typed to the program's recv of it (the tracer sees tcp.localPort as its peer).
    run.trace?.record({ kind: "typed", port: tcp.localPort ?? 0, bytes: bytes.length, preview: bytes.subarray(0, 60).toString("utf8") });
    return tcp.write(bytes);
  }, () => tcp.end());
  tcp.on("drain", () => input.drained());
  let closedByPeer = false;
  tcp.on("end", () => {
    closedByPeer = true;
    status(ws, { type: "status", status: "closed", message: telnet.closedByPeer });
    ws.close(CloseCode.normal, "connection closed by foreign host");
  });
  tcp.on("close", (error) => {
    if (closedByPeer || !error) return;
    closedByPeer = true;
    const reset = error === "ECONNRESET" || error === "EPIPE";
    status(ws, { type: "status", status: "closed", message: reset ? telnet.resetByPeer : `Connection error: ${error}` });
    ws.close(CloseCode.normal, "connection error");
  });

  const onMessage = (data: Buffer, isBinary: boolean) => {
    if (isBinary) {
      const bytes = data;
      if (bytes.length > MAX_TERMINAL_FRAME_BYTES) return ws.close(CloseCode.tooBig, "frame too big");
      return input.push(bytes);
    }
    const parsed = parseMessage(TerminalClientMessage, data.toString());
    if (!parsed.ok) {
      status(ws, { type: "status", status: "error", message: parsed.error });
      return ws.close(CloseCode.badMessage, "malformed message");
    }
    if (parsed.value.type === "eof") input.push("eof");
  };
  ws.on("message", onMessage);
  ws.resume();
  ws.on("close", () => {
    outputHold.cancel();
    // Like telnet's quit: a FIN, so the program's recv() returns b"" and it sees the client leave.
    input.close();
    tcp.end();
    setTimeout(() => tcp.destroy(), 2000).unref();
  });
}
