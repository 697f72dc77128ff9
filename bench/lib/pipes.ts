// What the benchmarks measure a byte path with — round trips and bulk echo through any of the test
// support's line clients (raw TCP, websockify, a runner Connection, the lab's terminal), opened
// with keep: 0 so that only the bytes are counted — and the echo servers they measure against
// (on tests/support/ports.ts's ports).
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import type { LineClient } from "../../tests/support/line-client";

export interface Spawned {
  child: ChildProcess;
  stop(): Promise<void>;
}

export function spawnProcess(command: string, args: string[]): Spawned {
  const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
  child.stderr!.on("data", () => {});
  return {
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await gone;
    },
  };
}

/** 64-byte line round trips, one at a time: send, wait for all 64 bytes back. Microseconds. */
export async function roundTrips(pipe: LineClient, count: number, lineBytes = 64): Promise<number[]> {
  const line = Buffer.alloc(lineBytes, "x");
  line[lineBytes - 2] = 13;
  line[lineBytes - 1] = 10;
  const times: number[] = [];
  let got = 0;
  let wake: (() => void) | null = null;
  pipe.onData = (d) => {
    got += d.length;
    if (got >= lineBytes && wake) wake();
  };
  for (let i = 0; i < count; i++) {
    got = 0;
    const back = new Promise<void>((r) => (wake = r));
    const t0 = process.hrtime.bigint();
    pipe.send(line);
    await back;
    times.push(Number(process.hrtime.bigint() - t0) / 1000);
    if (got !== lineBytes) throw new Error(`${pipe.name}: expected ${lineBytes} bytes back, got ${got}`);
  }
  return times;
}

/**
 * Bulk echo: push `total` bytes in 64 KiB chunks (the lab's largest terminal frame) with at most
 * `window` bytes sent and not yet echoed, read everything back, check it is the same bytes.
 * MiB/s of payload echoed.
 */
export async function bulkEcho(pipe: LineClient, total: number, window = 4 * 1024 * 1024, chunk = 64 * 1024): Promise<number> {
  const block = Buffer.alloc(chunk);
  for (let i = 0; i < chunk; i++) block[i] = (i * 31 + 7) & 0xff;
  const sentHash = createHash("sha256");
  const gotHash = createHash("sha256");
  let sent = 0;
  let received = 0;
  let wake: (() => void) | null = null;
  pipe.onData = (d) => {
    received += d.length;
    gotHash.update(d);
    if (wake) {
      const w = wake;
      wake = null;
      w();
    }
  };
  const t0 = performance.now();
  let progressAt = Date.now();
  let last = 0;
  while (received < total) {
    if (received !== last) {
      last = received;
      progressAt = Date.now();
    } else if (Date.now() - progressAt > 15_000) throw new Error(`${pipe.name}: no echo for 15 s (${received} of ${total} bytes back)`);
    while (sent < total && sent - received < window) {
      const n = Math.min(chunk, total - sent);
      const piece = n === chunk ? block : block.subarray(0, n);
      sentHash.update(piece);
      pipe.send(piece);
      sent += n;
    }
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, 1000).unref();
    });
  }
  const seconds = (performance.now() - t0) / 1000;
  if (received !== total) throw new Error(`${pipe.name}: ${received} bytes back, ${total} sent`);
  if (sentHash.digest("hex") !== gotHash.digest("hex")) throw new Error(`${pipe.name}: the bytes echoed differ from the bytes sent`);
  return total / (1024 * 1024) / seconds;
}
