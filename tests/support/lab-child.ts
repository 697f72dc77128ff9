// A lab server (real sandbox, real sockets, no pages) in a process of its own, for load tests and
// the benchmark: the clients that drive it then do not share its event loop or its heap, and its
// memory can be read from /proc on its own. Started by lab-process.ts; overrides come as JSON in
// LOAD_LAB_OVERRIDES. Prints "READY <base url>" once it listens; SIGTERM closes it like `npm start`.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { startTestLab } from "./lab-server";

const overrides = JSON.parse(process.env.LOAD_LAB_OVERRIDES ?? "{}");
const lab = await startTestLab(overrides);
process.stdout.write(`READY ${lab.base}\n`);

// How late the lab's event loop runs (every message of every socket waits behind whatever runs).
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

// SIGUSR2: report memory (after a full garbage collection when node runs with --expose-gc), and
// the event loop's delay since the last report, in ms.
process.on("SIGUSR2", () => {
  (globalThis as { gc?: () => void }).gc?.();
  // The histogram holds the time between its 10 ms ticks: the delay is what exceeds 10 ms.
  const ms = (ns: number) => Math.max(0, Math.round(ns / 1e4) / 100 - 10);
  const eventLoopDelay = { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) };
  loopDelay.reset();
  process.stdout.write(`MEM ${JSON.stringify({ ...process.memoryUsage(), eventLoopDelay })}\n`);
});

let closing = false;
const close = async () => {
  if (closing) return;
  closing = true;
  const force = setTimeout(() => process.exit(1), 20_000);
  await lab.close();
  clearTimeout(force);
  process.exit(0);
};
process.on("SIGTERM", () => void close());
process.on("SIGINT", () => void close());
// The parent went away without a word: do not leave runs behind.
process.stdin.on("end", () => void close());
process.stdin.resume();
