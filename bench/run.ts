// `npm run bench`: the lab's performance on this machine, each figure next to what it is compared
// with, measured in the same run. Results go to docs/performance.md (between the bench markers)
// and bench/results/bench.json when every main section ran (see `full` below). Sections (all by default):
//   paths        64-byte round trip and bulk echo: raw TCP, websockify, the lab's full path
//   start        Run → listening on 8888, against plain python3; the parts in between
//   supervisor   one supervisor's start time and memory, with node flags compared
//   backpressure lab RSS while 50 and 200 MiB move through slow readers and slow programs
//   scale        1 → 200 sessions: round trip, memory, start time
//   burst        200 students press Run at once: start times, another student's typing, the event loop
//   firstload    the exercise page's first-load JS, from a build in a copy of the tree under /tmp
//   hostile      (only with --only) each attack of issue 9 and a bystander's experience meanwhile
//   class        200 students saving every 2 s with the board open, on SQLite and PostgreSQL (not in the default set)
//   trace        (only when named) tracing's cost: chat round trip traced vs untraced, events a
//                second before the lab drops, a run's ring, the page with 10,000 events and 20
//                clients, and how often "Show me the race" finds chatserver4's race
//   runner       (only when asked) the runner interface alone: run start, memory per run, a Connection's round trip
// Options: --only a,b  --quick  --levels 1,10,50,100,200  --quiet-load N (wait, bounded, for a
// 1-minute load average below N before measuring)
// BENCH_BEFORE_TREE=/path/to/another/checkout measures its lab beside this one (paths).
// BENCH_CLASS_PROFILE_DIR=/some/dir: the class section's labs write V8 CPU profiles there
// (summarise with `tsx bench/lib/cpu-profile-summary.ts PROFILE saving-window.json`).
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { readConfig } from "../server/config";
import { floodSlowReader, pasteSlowProgram, printToSlowPage, startFloodRun } from "../tests/load/backpressure";
import { startLabProcess, unmeteredTerminals, wholeClassFromLoopback } from "../tests/support/lab-child-process";
import { fmt } from "../tests/support/stats";
import { benchBurst, type BurstResult } from "./burst";
import { benchClass, classMarkdown } from "./class";
import { benchFirstLoad, type FirstLoadResult } from "./first-load";
import { benchHostile, type HostileRow } from "./hostile";
import { machine, machineMarkdown, mib, replaceSection, ROOT, waitQuiet, writeJson } from "./lib/doc";
import { benchPaths, type PathResult } from "./paths";
import { benchRunner, runnerMarkdown } from "./runner";
import { benchScale, type ScaleLevel } from "./scale";
import { benchStart, type StartResult } from "./start";
import { benchSupervisorFootprint, type FootprintRow } from "./supervisor-footprint";
import { reportTrace, runTraceBench } from "./trace-report";

/** The sections of the doc's "bench" block; a run without all of them must not replace it (it would drop the others' figures). */
const MAIN_SECTIONS = ["paths", "start", "supervisor", "backpressure", "scale", "firstload"];

/** Goals of issue 9 for a bystander during any attack. */
const HOSTILE_GOALS = { rttP99Ms: 50, rttP99TimesQuiet: 2, runListeningMs: 2000, checkFirstResultMs: 5000, rssMiB: 400 };

const { values } = parseArgs({
  options: {
    only: { type: "string", default: [...MAIN_SECTIONS, "burst"].join(",") },
    quick: { type: "boolean", default: false },
    levels: { type: "string" },
    "quiet-load": { type: "string", default: "2.5" },
    "no-doc": { type: "boolean", default: false },
  },
});
const only = new Set(values.only!.split(","));
const quick = values.quick!;
const log = (s: string) => console.log(s);
const MiB = 1024 * 1024;

const m = machine();
await waitQuiet(Number(values["quiet-load"]), 300, log);
m.loadBefore = loadavg().map((x) => Math.round(x * 100) / 100);
const results: {
  paths?: PathResult[];
  start?: StartResult;
  supervisor?: { bundleKiB: number; beforeKiB: number | null; rows: FootprintRow[] };
  backpressure?: Array<{ case: string; pushedMiB: number; seconds: number; intact: boolean; rssBeforeMiB: number; growthMiB: number; otherTerminalP50ms?: number; otherTerminalP99ms?: number; note?: string }>;
  scale?: ScaleLevel[];
  burst?: BurstResult[];
  hostile?: HostileRow[];
  firstLoad?: FirstLoadResult;
} = {};

if (only.has("paths") || only.has("start")) {
  // The bridge itself is measured: terminals without their budget (1 MiB/s a run by default).
  const lab = await startLabProcess({ overrides: unmeteredTerminals() });
  // BENCH_BUFFERUTIL_NODE_PATH: a node_modules directory holding the bufferutil package (not a
  // dependency of the project); a second lab finds it through NODE_PATH, and is measured beside.
  const bu = process.env.BENCH_BUFFERUTIL_NODE_PATH;
  const more = bu && only.has("paths") ? [{ name: "lab + bufferutil", lab: await startLabProcess({ env: { NODE_PATH: bu }, overrides: unmeteredTerminals() }) }] : [];
  // BENCH_BEFORE_TREE: another checkout of the lab (with node_modules), e.g. a worktree of main
  // before a change; its lab is measured beside this one in the same run, as "lab (before)".
  const before = process.env.BENCH_BEFORE_TREE;
  if (before && only.has("paths")) {
    // Where the lab starter lives in that checkout: tests/support/ now, tests/load/lib/ before.
    const starter = ["tests/support/lab-child-process.ts", "tests/load/lib/lab-process.ts"].find((f) => existsSync(`${before}/${f}`));
    if (!starter) throw new Error(`BENCH_BEFORE_TREE=${before}: no lab starter found there`);
    const other = (await import(`${before}/${starter}`)) as { startLabProcess: typeof startLabProcess };
    more.push({ name: "lab (before)", lab: await other.startLabProcess() });
  }
  try {
    if (only.has("paths")) {
      log(`paths: raw TCP, websockify, ${["lab", ...more.map((x) => x.name)].join(", ")}`);
      results.paths = await benchPaths(lab, { rounds: quick ? 3 : 10, rttPerRound: quick ? 300 : 500, bulkBytes: (quick ? 16 : 32) * MiB, log }, more);
      for (const x of more) await x.lab.stop();
    }
    if (only.has("start")) {
      log("start: lab vs plain python3");
      results.start = await benchStart(lab, { rounds: quick ? 8 : 30, log });
    }
  } finally {
    await lab.stop();
  }
}

if (only.has("supervisor")) {
  log("supervisor footprint");
  results.supervisor = await benchSupervisorFootprint(quick ? 3 : 6);
}

if (only.has("backpressure")) {
  log("backpressure");
  results.backpressure = [];
  for (const pushed of quick ? [50] : [50, 200]) {
    for (const kind of ["flood", "paste"] as const) {
      // A fresh lab per case: RSS rarely shrinks once grown, so each case starts from the same place.
      const lab = await startLabProcess({ overrides: unmeteredTerminals() });
      try {
        const { page, runId } = await startFloodRun(lab);
        await floodSlowReader(lab, page, runId, 4 * MiB, 64);
        const r = kind === "flood" ? await floodSlowReader(lab, page, runId, pushed * MiB, 16, 2000) : await pasteSlowProgram(lab, page, runId, pushed * MiB, 0.004, true);
        results.backpressure.push({
          case: kind === "flood" ? "program floods a terminal that stalls 2 s, then reads at 16 MiB/s" : "terminal pastes into a program that reads nothing until the paste stops moving, then ~16 MiB/s",
          pushedMiB: pushed,
          seconds: r.seconds,
          intact: r.intact,
          rssBeforeMiB: r.rssBefore / MiB,
          growthMiB: (r.rssMax - r.rssBefore) / MiB,
          otherTerminalP50ms: r.otherTerminalMs.p50,
          otherTerminalP99ms: r.otherTerminalMs.p99,
        });
        page.close();
      } finally {
        await lab.stop();
      }
    }
  }
  const lab = await startLabProcess({ overrides: { ...unmeteredTerminals(), limits: { ...readConfig().limits, outputBytesPerSecond: 16 * MiB } } });
  try {
    const r = await printToSlowPage(lab, 48 * MiB);
    results.backpressure.push({
      case: "program prints to standard output (limit raised to 16 MiB/s) while one page of the session reads nothing",
      pushedMiB: r.bytes / MiB,
      seconds: NaN,
      intact: r.fastPageReceived === r.bytes,
      rssBeforeMiB: r.rssBefore / MiB,
      growthMiB: (r.rssMax - r.rssBefore) / MiB,
      note: `the page that read nothing was ${r.slowPageClosed ? `closed by the lab (code ${r.slowPageCloseCode})` : "NOT closed"}; the other page got every byte: ${r.fastPageReceived === r.bytes}`,
    });
  } finally {
    await lab.stop();
  }
}

if (only.has("scale")) {
  const levels = (values.levels ?? (quick ? "1,10,50" : "1,10,50,100,200")).split(",").map(Number);
  log(`scale: ${levels.join(", ")} sessions`);
  const lab = await startLabProcess({ overrides: wholeClassFromLoopback() });
  try {
    results.scale = await benchScale(lab, { levels, log, startsPerLevel: quick ? 4 : 8, rttPerLevel: quick ? 500 : 1000 });
  } finally {
    await lab.stop();
  }
}

if (only.has("runner")) {
  log("runner: the sandbox interface in this process, no WebSocket");
  const r = await benchRunner({ runs: quick ? 5 : 10, rtt: quick ? 1000 : 3000, bulkBytes: (quick ? 32 : 64) * MiB, log });
  writeJson("runner", { machine: m, loadAfter: loadavg(), result: r });
  if (!values["no-doc"]) replaceSection("runner", runnerMarkdown(m, `npm run bench -- --only runner${quick ? " --quick" : ""}`, loadavg(), r), join(ROOT, "docs", "scaling.md"));
}

if (only.has("burst")) results.burst = await benchBurst(quick ? 100 : 200, log);
if (only.has("hostile")) results.hostile = await benchHostile(log);
if (only.has("class")) {
  const classResults = await benchClass({ students: 200, seconds: quick ? 30 : 60, log });
  const cmd = `npm run bench -- --only class${quick ? " --quick" : ""}`;
  if (!values["no-doc"]) replaceSection("class", `${machineMarkdown(m, cmd, loadavg())}\n\n${classMarkdown(classResults)}`);
  writeJson("bench-class", { machine: m, quick, class: classResults });
}

if (only.has("trace")) {
  const traced = await runTraceBench(quick, log);
  writeJson("bench-trace", { machine: m, loadAfter: loadavg(), quick, trace: traced });
  const md = reportTrace(traced, machineMarkdown(m, `npm run bench -- --only trace${quick ? " --quick" : ""}`, loadavg()));
  if (!values["no-doc"]) replaceSection("bench-trace", md);
  console.log(`\n${md}`);
}

if (only.has("firstload")) {
  log("first-load JS (next build in a copy under /tmp)");
  results.firstLoad = await benchFirstLoad(log);
}

const loadAfter = loadavg();
// A partial run is printed and kept in bench/results/bench-partial.json; docs/performance.md and
// bench.json change only when every main section ran. The burst has a section and a file of its own.
const full = MAIN_SECTIONS.every((s) => only.has(s));
const others = MAIN_SECTIONS.some((s) => only.has(s));
if (others) writeJson(full ? "bench" : "bench-partial", { machine: m, loadAfter, quick, results: { ...results, burst: undefined } });
if (results.burst) writeJson("bench-burst", { machine: m, loadAfter, quick, burst: results.burst });
if (results.hostile) writeJson("bench-hostile", { machine: m, loadAfter, hostile: results.hostile });

// ---- the report ----
const out: string[] = [machineMarkdown(m, `npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`, loadAfter)];
const ratio = (a: number, b: number) => (b ? (a / b).toFixed(2) : "–");
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

if (results.paths) {
  const p = results.paths;
  const ws = p.find((x) => x.name === "websockify")!;
  out.push(
    "",
    "### Terminal path: 64-byte round trip and bulk echo",
    "",
    "Same Python echo server program behind each path; one connection each; rounds interleaved (each round: round trips on every path, then bulk on every path, order rotated).",
    "",
    "| path | round trip p50 | p90 | p99 | p50 ÷ websockify | bulk echo MiB/s (median of rounds) | ÷ websockify | bridge CPU per round trip | bridge CPU per MiB |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...p.map(
      (x) =>
        `| ${x.name} | ${fmt(x.rttUs.p50)} µs | ${fmt(x.rttUs.p90)} µs | ${fmt(x.rttUs.p99)} µs | ${ratio(x.rttUs.p50, ws.rttUs.p50)} | ${fmt(med(x.mibps))} (${x.mibps.map((v) => fmt(v)).join(", ")}) | ${ratio(med(x.mibps), med(ws.mibps))} | ${x.name === "raw TCP" ? "–" : `${fmt(x.bridgeCpu.usPerRoundTrip, 1)} µs`} | ${x.name === "raw TCP" ? "–" : `${fmt(x.bridgeCpu.msPerMiB, 2)} ms`} |`,
    ),
    "",
    ...p.filter((x) => x.name.startsWith("lab")).map((l) => `Per round, ${l.name} ÷ websockify bulk: ${l.mibps.map((v, i) => ratio(v, ws.mibps[i])).join(", ")}.`),
  );
}
if (results.start) {
  const s = results.start;
  const row = (name: string, x: StartResult["plain"]) => `| ${name} | ${fmt(x.p50, 1)} ms | ${fmt(x.p90, 1)} ms | ${fmt(x.max, 1)} ms | ${fmt(x.p50 - s.plain.p50, 1)} ms |`;
  out.push(
    "",
    `### Run start (chatserver5, ${s.lab.n} rounds, one of each per round)`,
    "",
    "| what | p50 | p90 | max | p50 − plain python |",
    "| --- | --- | --- | --- | --- |",
    row("plain `python3 -u chatserver5.py` (spawn → port accepts, polled every 1 ms)", s.plain),
    row("the sandbox's command line alone (prlimit, setpriv, bwrap, python; new netns)", s.sandboxCommand),
    row("a warm supervisor alone (start message → its ports message)", s.supervisor),
    row("**the lab**: run.start → run.state running with 8888 (warm pool)", s.lab),
  );
}
if (results.supervisor) {
  const r = results.supervisor;
  out.push(
    "",
    `### One supervisor: start and memory (bundle ${fmt(r.bundleKiB, 1)} KiB now${r.beforeKiB ? `, ${fmt(r.beforeKiB)} KiB before` : ""})`,
    "",
    "| variant | spawn → ready p50 | RSS | PSS | private |",
    "| --- | --- | --- | --- | --- |",
    ...r.rows.map((x) => `| ${x.variant} | ${fmt(x.readyMs)} ms | ${fmt(x.rssMiB, 1)} MiB | ${fmt(x.pssMiB, 1)} MiB | ${fmt(x.privateMiB, 1)} MiB |`),
  );
}
if (results.backpressure) {
  out.push(
    "",
    "### Backpressure: lab server RSS while data moves through a slow side",
    "",
    "| case | pushed | intact | time | lab RSS before | RSS growth (peak − before) | other terminal's ping p50 / p99 meanwhile |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...results.backpressure.map(
      (b) =>
        `| ${b.case}${b.note ? ` (${b.note})` : ""} | ${fmt(b.pushedMiB)} MiB | ${b.intact ? "yes" : "**NO**"} | ${Number.isFinite(b.seconds) ? `${fmt(b.seconds, 1)} s` : "–"} | ${fmt(b.rssBeforeMiB)} MiB | ${fmt(b.growthMiB, 1)} MiB | ${b.otherTerminalP50ms !== undefined ? `${fmt(b.otherTerminalP50ms, 1)} / ${fmt(b.otherTerminalP99ms!, 1)} ms` : "–"} |`,
    ),
  );
}
if (results.scale) {
  const first = results.scale[0];
  out.push(
    "",
    "### From 1 to 200 sessions (each: chatserver5 running, 3 terminals connected, idle)",
    "",
    "| sessions | round trip p50 / p99 (probe echo) | run start p50 / max (one at a time) | start p50 / p99 while the level was added (4 at once) | lab RSS | supervisors: count, RSS / PSS | programs RSS / PSS | idle CPU: lab / runs (% of a core) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...results.scale.map(
      (l) =>
        `| ${l.sessions} | ${fmt(l.rttUs.p50)} / ${fmt(l.rttUs.p99)} µs | ${fmt(l.startMs.p50)} / ${fmt(l.startMs.max)} ms | ${fmt(l.rampStartMs.p50)} / ${fmt(l.rampStartMs.p99)} ms | ${mib(l.memory.lab.rss, 0)} MiB | ${l.memory.supervisors.count}, ${mib(l.memory.supervisors.rss, 0)} / ${mib(l.memory.supervisors.pss, 0)} MiB | ${mib(l.memory.programs.rss, 0)} / ${mib(l.memory.programs.pss, 0)} MiB | ${fmt(l.idleCpu.lab, 1)} / ${fmt(l.idleCpu.runs, 1)} |`,
    ),
  );
  const last = results.scale.at(-1)!;
  if (last !== first) {
    const n = last.sessions - first.sessions;
    out.push(
      "",
      `Per added session (${first.sessions} → ${last.sessions}): lab RSS ${fmt((last.memory.lab.rss - first.memory.lab.rss) / n / 1024)} KiB, supervisor PSS ${fmt((last.memory.supervisors.pss - first.memory.supervisors.pss) / n / MiB, 1)} MiB (RSS ${fmt((last.memory.supervisors.rss - first.memory.supervisors.rss) / n / MiB, 1)} MiB), program PSS ${fmt((last.memory.programs.pss - first.memory.programs.pss) / n / MiB, 1)} MiB, bubblewrap/unshare PSS ${fmt((last.memory.wrappers.pss - first.memory.wrappers.pss) / n / MiB, 2)} MiB.`,
    );
  }
}
if (results.firstLoad) {
  const f = results.firstLoad;
  out.push("", "### Exercise page: first-load JavaScript", "");
  if (!f.built) out.push(`Skipped: ${f.skipped}`);
  else out.push(`Built in a copy under /tmp (${fmt(f.buildSeconds!)} s), served by \`next start\`, every \`<script src>\` of the page fetched:`, "", "| page | scripts | raw | gzip -9 |", "| --- | --- | --- | --- |", ...f.pages!.map((p) => `| ${p.path} | ${p.scripts} | ${fmt(p.rawKiB)} KiB | ${fmt(p.gzipKiB)} KiB |`));
}
const md = out.join("\n");
if (others) {
  if (full && !values["no-doc"]) replaceSection("bench", md);
  console.log(`\n${md}`);
  if (!full) console.log("\n(a partial run: docs/performance.md is left as it was; the figures above are in bench/results/bench-partial.json)");
}

if (results.burst) {
  const b = results.burst;
  const burstMd = [
    machineMarkdown(m, `npm run bench -- --only burst${quick ? " --quick" : ""}`, loadAfter),
    "",
    `### ${b[0].sessions} students press Run at once (chatserver5), while another student types`,
    "",
    "| variant | started | Run → listening p10 / p50 / max | last one listening | the typing student's round trip p50 / p99 / max | lab event loop: longest stall |",
    "| --- | --- | --- | --- | --- | --- |",
    ...b.map(
      (x) =>
        `| ${x.variant} | ${x.started} of ${x.sessions} | ${fmt(x.startP10Ms)} / ${fmt(x.startMs.p50)} / ${fmt(x.startMs.max)} ms | ${fmt(x.allMs)} ms | ${fmt(x.typingMs.p50, 1)} / ${fmt(x.typingMs.p99, 1)} / ${fmt(x.typingMs.max, 1)} ms | ${fmt(x.loopDelayMaxMs)} ms |`,
    ),
  ].join("\n");
  if (!values["no-doc"]) replaceSection("bench-burst", burstMd);
  console.log(`\n${burstMd}`);
}

if (results.hostile) {
  const h = results.hostile;
  const quiet = h[0]!;
  const g = HOSTILE_GOALS;
  const misses = (x: HostileRow) =>
    [
      x.rttMs.p99 >= g.rttP99Ms && `p99 ≥ ${g.rttP99Ms} ms`,
      x !== quiet && x.rttMs.p99 > g.rttP99TimesQuiet * quiet.rttMs.p99 && `p99 > ${g.rttP99TimesQuiet}× quiet`,
      x.runListeningMaxMs > g.runListeningMs && `Run > ${g.runListeningMs / 1000} s`,
      !(x.checkFirstResultMs <= g.checkFirstResultMs) && `Check > ${g.checkFirstResultMs / 1000} s`,
      x.peakRssMiB >= g.rssMiB && `RSS ≥ ${g.rssMiB} MiB`,
    ].filter(Boolean);
  const hostileMd = [
    machineMarkdown(m, "npm run bench -- --only hostile", loadAfter),
    "",
    "### A bystander during each attack (one lab, class defaults, first row without any attack)",
    "",
    `Goals: round trip p99 under ${g.rttP99Ms} ms and at most ${g.rttP99TimesQuiet}× the quiet p99; Run → listening within ${g.runListeningMs / 1000} s; Check → first result within ${g.checkFirstResultMs / 1000} s; lab RSS under ${g.rssMiB} MiB.`,
    "",
    "| attack | keystroke round trip p50 / p99 / max | Run → listening (median / worst of 3) | Check → first result | lab peak RSS | goals missed |",
    "| --- | --- | --- | --- | --- | --- |",
    ...h.map(
      (x) =>
        `| ${x.attack} | ${fmt(x.rttMs.p50, 1)} / ${fmt(x.rttMs.p99, 1)} / ${fmt(x.rttMs.max, 1)} ms | ${fmt(x.runListeningMs)} / ${fmt(x.runListeningMaxMs)} ms | ${fmt(x.checkFirstResultMs)} ms | ${fmt(x.peakRssMiB)} MiB | ${misses(x).join("; ") || "none"} |`,
    ),
  ].join("\n");
  if (!values["no-doc"]) replaceSection("bench-hostile", hostileMd);
  console.log(`\n${hostileMd}`);
}
