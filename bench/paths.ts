// Terminal round trip and bulk echo through three paths to the same Python echo server, measured
// side by side (interleaved rounds, same run): raw TCP loopback, websockify (Debian), and the
// lab's full path (WebSocket → lab server → handed TCP socket → sandboxed program).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PageClient } from "../tests/support/clients";
import type { LabProcess } from "../tests/support/lab-child-process";
import { cpuNsOf, descendants, kindOf, treeCpuNs } from "../tests/support/procs";
import { summarize, type Summary } from "../tests/support/stats";
import { LineClient } from "../tests/support/line-client";
import { Terminal } from "../tests/support/terminal";
import { freePort, waitAccepts } from "../tests/support/ports";
import { bulkEcho, roundTrips, spawnProcess } from "./lib/pipes";

export const ECHO_SOURCE = readFileSync(join(import.meta.dirname, "lib", "echo_server.py"), "utf8");
export const PYTHON = "/usr/bin/python3";

export interface PathResult {
  name: string;
  rttUs: Summary;
  /** Bulk echo MiB/s, one figure per round. */
  mibps: number[];
  /** CPU the bridge process used (lab server, websockify; none for raw TCP): µs per round trip, ms per MiB echoed. */
  bridgeCpu: { usPerRoundTrip: number; msPerMiB: number };
  /** CPU the Python echo server used: µs per round trip, ms per MiB echoed. */
  echoCpu: { usPerRoundTrip: number; msPerMiB: number };
}

export interface PathsOptions {
  rounds: number;
  rttPerRound: number;
  bulkBytes: number;
  log: (line: string) => void;
}

/** `more`: further labs measured beside the first, each as its own path (e.g. one with bufferutil). */
export async function benchPaths(lab: LabProcess, o: PathsOptions, more: Array<{ name: string; lab: LabProcess }> = []): Promise<PathResult[]> {
  const echoPort = await freePort();
  const echo = spawnProcess(PYTHON, ["-u", "-c", ECHO_SOURCE, String(echoPort)]);
  const wsPort = await freePort();
  const websockify = spawnProcess("websockify", [`127.0.0.1:${wsPort}`, `127.0.0.1:${echoPort}`]);
  const labs = [{ name: "lab", lab }, ...more];
  const pages = await Promise.all(labs.map((l) => PageClient.open(l.lab.base)));
  const pipes: LineClient[] = [];
  try {
    await waitAccepts(echoPort);
    await waitAccepts(wsPort);
    pipes.push(await LineClient.tcp(echoPort, { name: "raw TCP", keep: 0 }), await LineClient.websocket(`ws://127.0.0.1:${wsPort}/`, { name: "websockify", keep: 0 }));
    const bridgeOf: Record<string, () => number> = { "raw TCP": () => 0, websockify: () => treeCpuNs(websockify.child.pid!) };
    const echoOf: Record<string, () => number> = { "raw TCP": () => cpuNsOf(echo.child.pid!), websockify: () => cpuNsOf(echo.child.pid!) };
    for (const [i, l] of labs.entries()) {
      const started = await pages[i].start("bench-echo", { kind: "source", name: "echo_server.py", source: ECHO_SOURCE, stage: 3 });
      if (!started.ok) throw new Error(`${l.name} did not start the echo server: ${started.code} ${started.message}`);
      pipes.push(await Terminal.toRun(pages[i], started.runId, 8888, { name: l.name, keep: 0, connectedWithin: 20_000 }));
      const sandboxedEcho = descendants(l.lab.pid).find((p) => kindOf(p) === "program")?.pid ?? -1;
      bridgeOf[l.name] = () => cpuNsOf(l.lab.pid);
      echoOf[l.name] = () => cpuNsOf(sandboxedEcho);
    }
    const cpu = new Map(pipes.map((p) => [p.name, { rttBridge: 0, rttEcho: 0, bulkBridge: 0, bulkEcho: 0 }]));
    const measured = async <T>(name: string, what: "rtt" | "bulk", f: () => Promise<T>): Promise<T> => {
      const [b0, e0] = [bridgeOf[name](), echoOf[name]()];
      const out = await f();
      const c = cpu.get(name)!;
      c[`${what}Bridge`] += bridgeOf[name]() - b0;
      c[`${what}Echo`] += echoOf[name]() - e0;
      return out;
    };
    const rtts = new Map<string, number[]>(pipes.map((p) => [p.name, []]));
    const mibps = new Map<string, number[]>(pipes.map((p) => [p.name, []]));
    for (const pipe of pipes) {
      await roundTrips(pipe, 300); // warm up: JIT, TCP windows, Python's thread
      await bulkEcho(pipe, 8 * 1024 * 1024);
    }
    for (let round = 0; round < o.rounds; round++) {
      // Rotate the order each round so no path always runs first or last.
      const order = pipes.map((_, i) => pipes[(i + round) % pipes.length]);
      for (const pipe of order) rtts.get(pipe.name)!.push(...(await measured(pipe.name, "rtt", () => roundTrips(pipe, o.rttPerRound))));
      for (const pipe of order) mibps.get(pipe.name)!.push(await measured(pipe.name, "bulk", () => bulkEcho(pipe, o.bulkBytes)));
      o.log(`  round ${round + 1}/${o.rounds}: ` + order.map((p) => `${p.name} ${mibps.get(p.name)!.at(-1)!.toFixed(0)} MiB/s`).join(", "));
    }
    const trips = o.rounds * o.rttPerRound;
    const mib = (o.rounds * o.bulkBytes) / (1024 * 1024);
    return pipes.map((p) => {
      const c = cpu.get(p.name)!;
      return {
        name: p.name,
        rttUs: summarize(rtts.get(p.name)!),
        mibps: mibps.get(p.name)!,
        bridgeCpu: { usPerRoundTrip: c.rttBridge / 1000 / trips, msPerMiB: c.bulkBridge / 1e6 / mib },
        echoCpu: { usPerRoundTrip: c.rttEcho / 1000 / trips, msPerMiB: c.bulkEcho / 1e6 / mib },
      };
    });
  } finally {
    for (const pipe of pipes) await pipe.close();
    for (const page of pages) page.close();
    await websockify.stop();
    await echo.stop();
  }
}
