// The trace section of `npm run bench` (docs/performance.md, between the bench-trace markers).
// BENCH_BEFORE_TREE=/path/to/another/checkout: its tracer is measured beside this one's in the
// round trip (same run, same rounds), e.g. a worktree of main before a change to the tracer.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { readConfig } from "../server/config";
import { createSandbox } from "../server/sandbox";
import { PAGE_EVENTS_PER_SECOND } from "../server/trace/page-feed";
import { startLabProcess } from "../tests/support/lab-process";
import { fmt } from "../tests/support/stats";
import { benchTrace, type BeforeSandbox, type TraceBench } from "./trace";
import { benchTracePage, type PageBench } from "./trace-page";

const ROOT = join(import.meta.dirname, "..");

export async function runTraceBench(quick: boolean, log: (s: string) => void): Promise<TraceBench & { page: PageBench | string }> {
  const { sandbox } = await createSandbox(readConfig().limits, "strong");
  const tree = process.env.BENCH_BEFORE_TREE;
  let before: BeforeSandbox | undefined;
  if (tree) {
    const other = (await import(join(tree, "server", "sandbox", "index.ts"))) as { createSandbox: typeof createSandbox };
    before = { tree, sandbox: (await other.createSandbox(readConfig().limits, "strong")).sandbox };
  }
  let sandboxPart: TraceBench;
  try {
    sandboxPart = await benchTrace(sandbox, { quick, log, before });
  } finally {
    await sandbox.close();
    await before?.sandbox.close();
  }
  log("trace: the page with 10,000 events and 20 clients");
  // The page needs the whole lab (pages and sockets, as `npm start` runs it), built. 20 clients:
  // more terminals than a student may open, unmetered like the other benches' clients.
  // The sandbox's figures are kept even when the page's part fails (said in the report).
  return { ...sandboxPart, page: await benchPage(log).catch((error: Error) => `not measured: ${error.message.split("\n")[0]}`) };
}

async function benchPage(log: (s: string) => void): Promise<PageBench> {
  execFileSync(process.execPath, [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), join(ROOT, "scripts", "build-if-needed.ts")], { cwd: ROOT, stdio: "inherit" });
  const lab = await startLabProcess({ LAB_TERMINALS_PER_RUN: "32", LAB_TERMINAL_KBPS: String(1024 * 1024) });
  try {
    return await benchTracePage(lab, log);
  } finally {
    await lab.stop();
  }
}

export function reportTrace(r: TraceBench & { page: PageBench | string }, header: string): string {
  const rt = r.roundTrip;
  const row = (name: string, s: typeof rt.untraced) => `| ${name} | ${fmt(s.p50)} µs | ${fmt(s.p90)} µs | ${fmt(s.p99)} µs | ${fmt(s.max)} µs |`;
  const pct = (n: number, of: number) => `${n} of ${of} (${Math.round((100 * n) / of)}%)`;
  const busy = (msPerSecond: number | undefined) => (msPerSecond === undefined ? "not measured" : `${fmt(msPerSecond)} ms a second`);
  const f = (s: typeof rt.untraced) => `${fmt(s.p50, 1)} / ${fmt(s.p99, 1)} / ${fmt(s.max, 1)} ms`;
  return [
    header,
    "",
    `### Chat round trip (client A's 64-byte line reaching client B through chatserver4), ${rt.rounds} rounds of ${rt.perRound}, interleaved`,
    "",
    "| program | p50 | p90 | p99 | max |",
    "| --- | --- | --- | --- | --- |",
    row("untraced", rt.untraced),
    row("traced", rt.traced),
    ...(rt.before ? [row(`traced by the tracer before (${rt.before.tree})`, rt.before.traced)] : []),
    "",
    `Traced ÷ untraced: **${rt.ratioP50.toFixed(2)}×** at p50, ${rt.ratioP99.toFixed(2)}× at p99 (goal: at most 1.5×).`,
    ...(rt.before ? [`Before, in the same rounds: ${rt.before.ratioP50.toFixed(2)}× at p50, ${rt.before.ratioP99.toFixed(2)}× at p99.`] : []),
    "",
    "### Events a second (a program that sends and receives one byte as fast as it can, 3 s)",
    "",
    "| what | events a second |",
    "| --- | --- |",
    `| the tracer flat out (no budget) | ${fmt(r.rate.flatOut)} |`,
    `| what the lab reads of one run (its budget: ${fmt(r.rate.budget)}) | ${fmt(r.rate.labReads)} (then it stops reading until the next second; the tracer dropped ${fmt(r.rate.droppedByProgram)}, the lab skipped ${fmt(r.rate.droppedByLab)}, and the timeline says so) |`,
    `| what a page is sent | at most ${fmt(PAGE_EVENTS_PER_SECOND)} (past it a sample, said on the timeline) |`,
    "",
    `### Memory: ${fmt(r.memory.bytesPerEvent)} bytes of the lab's heap per kept event`,
    "",
    `A student's run keeps a ring of 5,000 events: about ${fmt(r.memory.ringMiB, 1)} MiB however long it runs; "Show me the race" keeps 60,000 while its stress lasts: about ${fmt(r.memory.raceRingMiB, 1)} MiB.`,
    "",
    ...(typeof r.page === "string"
      ? ["### The page with 10,000 events and 20 clients", "", r.page]
      : [
          `### The page: ${fmt(r.page.events)} events from ${r.page.clients} clients on the timeline (chromium, 1366×768)`,
          "",
          "| while | frame interval p50 / p99 / max | main thread busy |",
          "| --- | --- | --- |",
          `| events stream in (${fmt(PAGE_EVENTS_PER_SECOND)} a second at most) | ${f(r.page.streaming)} | ${busy(r.page.busy?.streaming)} |`,
          `| zooming out 6 steps and scrolling back 30 steps | ${f(r.page.interacting)} | ${busy(r.page.busy?.interacting)} |`,
          "",
          ...(r.page.tasks
            ? [
                `From a Chromium trace of the page's main thread over both phases (${fmt(r.page.tasks.seconds, 1)} s, every task): the longest task took ${fmt(r.page.tasks.longestWallMs, 1)} ms, ${fmt(r.page.tasks.longestWallCpuMs, 1)} ms of it on a CPU (the rest waiting for one), ${r.page.tasks.longestWallOrigin}; ${r.page.tasks.over16Ms} task${r.page.tasks.over16Ms === 1 ? "" : "s"} over 16 ms, none with more than ${fmt(r.page.tasks.over16CpuMs, 1)} ms of CPU; the most CPU any one task used: **${fmt(r.page.tasks.mostCpuMs, 1)} ms** (${r.page.tasks.mostCpuOrigin}). Goal: frames under 16 ms.`,
                "",
                "| what ran in the task | tasks | CPU, ms a second | the most CPU in one task | tasks over 16 ms on the wall |",
                "| --- | --- | --- | --- | --- |",
                ...r.page.tasks.byOrigin.map((o) => `| ${o.origin} | ${o.tasks} | ${fmt(o.cpuMsPerSecond, 1)} | ${fmt(o.mostCpuMs, 1)} ms | ${o.over16Ms} |`),
              ]
            : ["No trace of the page's main thread was collected."]),
        ]),
    "",
    "### Show me the race (one stress round each run)",
    "",
    `- chatserver4: the interleaving found in ${pct(r.race.stage4.found, r.race.stage4.runs)} runs (${Object.entries(r.race.stage4.kinds).map(([k, n]) => `${n} ${k}`).join(", ") || "none"}); lines were lost in ${pct(r.race.stage4.lost, r.race.stage4.runs)}.`,
    `- chatserver5: a race "found" in ${pct(r.race.stage5.found, r.race.stage5.runs)} runs (must be 0); the lock shown making threads take turns in ${pct(r.race.stage5.turns, r.race.stage5.runs)}; lines lost in ${pct(r.race.stage5.lost, r.race.stage5.runs)} (must be 0).`,
  ].join("\n");
}
