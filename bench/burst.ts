// A class presses Run in the same second: N sessions send run.start for chatserver5 at once, while
// one more student, already running an echo server, types into a terminal (a 64-byte round trip
// every 20 ms). Measured with the lab's start gate as configured, and with the gate opened wide
// (startsAtOnce = N: every program starts at once, as before the gate), in the same run.
import { PageClient } from "../tests/support/clients";
import { startLabProcess, wholeClassFromLoopback } from "../tests/support/lab-child-process";
import { percentile, sleep, summarize, type Summary } from "../tests/support/stats";
import { roundTrips } from "./lib/pipes";
import { ECHO_SOURCE } from "./paths";

export interface BurstResult {
  variant: string;
  startsAtOnce: number | "default";
  sessions: number;
  started: number;
  /** Run pressed → listening on 8888, ms; and the tenth percentile (how soon the first students are served). */
  startMs: Summary;
  startP10Ms: number;
  /** The last program listening, ms after the burst began. */
  allMs: number;
  /** The typing student's round trips during the burst, ms. */
  typingMs: Summary;
  /** The lab's event loop: how late its timers ran during the burst, ms. */
  loopDelayMaxMs: number;
}

export async function benchBurst(sessions: number, log: (line: string) => void): Promise<BurstResult[]> {
  const results: BurstResult[] = [];
  for (const [variant, startsAtOnce] of [
    ["the lab (start gate as configured)", "default"],
    ["gate opened wide: all start at once", sessions],
  ] as const) {
    log(`burst: ${sessions} Run presses at once, ${variant}`);
    const lab = await startLabProcess({ overrides: { maxRuns: sessions + 10, ...wholeClassFromLoopback(), ...(startsAtOnce === "default" ? {} : { startsAtOnce }) } });
    try {
      const typist = await PageClient.open(lab.base);
      const echo = await typist.start("typist", { kind: "source", name: "echo_server.py", source: ECHO_SOURCE, stage: 3 });
      if (!echo.ok) throw new Error(`the typing student's echo server did not start: ${echo.message}`);
      const pipe = await typist.terminal(echo.runId);
      const pages = await Promise.all(Array.from({ length: sessions }, () => PageClient.open(lab.base)));
      await sleep(500); // the warm pool refilled, the lab idle
      await lab.memoryUsage(); // resets the event loop's delay histogram
      let bursting = true;
      const typing: number[] = [];
      const typed = (async () => {
        while (bursting) {
          typing.push(...(await roundTrips(pipe, 1)).map((us) => us / 1000));
          await sleep(20);
        }
      })();
      const t0 = performance.now();
      const starts = await Promise.all(pages.map((p) => p.start("burst", { kind: "stage", stage: 5 }, 8888, 120_000)));
      const allMs = performance.now() - t0;
      bursting = false;
      await typed;
      const loop = (await lab.memoryUsage()).eventLoopDelay;
      const ok = starts.filter((s) => s.ok);
      results.push({ variant, startsAtOnce, sessions, started: ok.length, startMs: summarize(ok.map((s) => s.ms)), startP10Ms: percentile(ok.map((s) => s.ms).sort((a, b) => a - b), 10), allMs, typingMs: summarize(typing), loopDelayMaxMs: loop.max });
      for (const p of pages) p.close();
      typist.close();
    } finally {
      await lab.stop();
    }
  }
  return results;
}
