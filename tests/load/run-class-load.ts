// `npm run load`: the full class (200 students by default) through the lab on this machine, with
// the figures written to docs/performance.md (between the load markers) and bench/results/load.json.
// Options: --scenario class-chat (see run-class-chat-load.ts), or for this one: --sessions N --churners N --overflow N --chat-seconds N --line-interval-ms N
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { machine, machineMarkdown, mib, replaceSection, waitQuiet, writeJson } from "../../bench/lib/doc";
import { runClassLoad, type ClassLoadResult } from "./class-load";
import { fmt } from "../support/stats";

// --scenario class-chat: groups of classmates on shared servers (run-class-chat-load.ts).
if (parseArgs({ options: { scenario: { type: "string" } }, strict: false }).values.scenario === "class-chat") {
  await import("./run-class-chat-load");
  process.exit(0); // not reached: that scenario exits with its own verdict
}

const { values } = parseArgs({
  options: {
    sessions: { type: "string", default: "200" },
    churners: { type: "string", default: "10" },
    overflow: { type: "string", default: "10" },
    "chat-seconds": { type: "string", default: "60" },
    "line-interval-ms": { type: "string", default: "2000" },
    concurrency: { type: "string", default: "4" },
    "churn-pause-ms": { type: "string", default: "300" },
    /** Where the figures go in docs/performance.md (a second run with other options can keep the first). */
    section: { type: "string", default: "load" },
    "quiet-load": { type: "string", default: "2.5" },
    "no-doc": { type: "boolean", default: false },
    scenario: { type: "string", default: "class" },
  },
});

const log = (s: string) => console.log(s);
const m = machine();
await waitQuiet(Number(values["quiet-load"]), 300, log);
m.loadBefore = loadavg().map((x) => Math.round(x * 100) / 100);
const options = {
  sessions: Number(values.sessions),
  churners: Number(values.churners),
  overflow: Number(values.overflow),
  chatSeconds: Number(values["chat-seconds"]),
  lineIntervalMs: Number(values["line-interval-ms"]),
  startConcurrency: Number(values.concurrency),
  churnPauseMs: Number(values["churn-pause-ms"]),
};
log(`class load: ${JSON.stringify(options)}`);
const r: ClassLoadResult = await runClassLoad({ ...options, log });
const loadAfter = loadavg();
writeJson(values.section!, { machine: m, loadAfter, result: r });

const ok = (b: boolean) => (b ? "yes" : "**NO**");
const clean = (l: ClassLoadResult["cleanup"]["afterStop"]) => l.runProcesses.length + l.supervisors.length + l.cgroups.length + l.runDirs.length === 0;
const s = r.options.sessions;
const md = `
${machineMarkdown(m, `npm run load -- --sessions ${s} --churners ${r.options.churners} --overflow ${r.options.overflow} --chat-seconds ${r.options.chatSeconds} --line-interval-ms ${r.options.lineIntervalMs} --churn-pause-ms ${r.options.churnPauseMs}`, loadAfter)}

${s} students, each with chatserver5 running and 3 terminals (${s * 3} terminals), every terminal typing a line
every ${r.options.lineIntervalMs / 1000} s on average for ${r.options.chatSeconds} s; maxRuns = ${r.maxRuns} (${s} + ${r.options.churners} churning students who
stop and start runs all along, pausing ~${r.options.churnPauseMs} ms between Stop and Run; ${r.options.overflow} more who press Run when the lab is full
and again after each lab-full answer).

| measure | value |
| --- | --- |
| class arriving: ${s} runs started (${r.options.startConcurrency} at a time) | ${fmt(r.rampSeconds, 1)} s; start p50 ${fmt(r.rampStartMs.p50)} ms, p99 ${fmt(r.rampStartMs.p99)} ms |
| chat lines typed / deliveries expected / delivered | ${r.chat.linesTyped} / ${r.chat.deliveriesExpected} / ${r.chat.delivered} (missing ${r.chat.missing.length}, foreign ${r.chat.foreign.length}, duplicated ${r.chat.duplicates}) |
| keystroke round trip (Enter in one terminal → line in a classmate's), whole chat | p50 ${fmt(r.chat.latencyMs.p50, 2)} ms, p90 ${fmt(r.chat.latencyMs.p90, 2)} ms, p99 ${fmt(r.chat.latencyMs.p99, 2)} ms, max ${fmt(r.chat.latencyMs.max, 1)} ms |
| run start during the chat (churning students) | p50 ${fmt(r.admission.churnStartMs.p50)} ms, p99 ${fmt(r.admission.churnStartMs.p99)} ms (${r.admission.churnStarts} starts, ${r.admission.churnFull} answered lab-full) |
| Run pressed while the lab is full | ${r.admission.whenFull.filter((a) => a.code === "lab-full").length} of ${r.admission.whenFull.length} answered \`lab-full\`: "${r.admission.whenFull[0]?.message ?? ""}" |
| most live runs seen / maxRuns | ${r.admission.maxLiveRunsSeen} / ${r.maxRuns} |
| a start after the class left | ${ok(r.admission.startAfterwards)} |
| lab server RSS: idle → ${s} runs → + ${s * 3} terminals → chatting | ${mib(r.memory.idle.lab.rss, 0)} → ${mib(r.memory.withRuns.lab.rss, 0)} → ${mib(r.memory.withTerminals.lab.rss, 0)} → ${mib(r.memory.duringChat.lab.rss, 0)} MiB |
| lab server memory per session (its run) / per terminal | ${fmt(r.memory.labPerSessionBytes / 1024)} KiB / ${fmt(r.memory.labPerTerminalBytes / 1024)} KiB |
| supervisors (${r.memory.duringChat.supervisors.count}): RSS / PSS, during the chat | ${mib(r.memory.duringChat.supervisors.rss, 0)} / ${mib(r.memory.duringChat.supervisors.pss, 0)} MiB (${mib(r.memory.duringChat.supervisors.pss / Math.max(1, r.memory.duringChat.supervisors.count))} MiB PSS each) |
| programs (python, ${r.memory.duringChat.programs.count}): RSS / PSS | ${mib(r.memory.duringChat.programs.rss, 0)} / ${mib(r.memory.duringChat.programs.pss, 0)} MiB |
| everything stopped, lab still up: run processes / cgroups / run dirs / supervisors | ${r.cleanup.afterStop.runProcesses.length} / ${r.cleanup.afterStop.cgroups.length} / ${r.cleanup.afterStop.runDirs.length} / ${r.cleanup.afterStop.supervisors.length} (clean: ${ok(clean(r.cleanup.afterStop))}) |
| lab stopped (SIGTERM, exit ${r.cleanup.labExitCode}): leftovers; runs directory removed | clean: ${ok(clean(r.cleanup.afterExit))}; ${ok(r.cleanup.runsDirRemoved)} |

The chat in two halves: first the class alone, then with the churning and turned-away students pressing Run and Stop.

| half | keystroke round trip p50 / p90 / p99 / max | run starts | machine busy (all cores) | lab server CPU (one core) | lab event loop delay p50 / p99 / max | runs' CPU-quota throttled periods |
| --- | --- | --- | --- | --- | --- | --- |
${(["quiet", "churn"] as const)
  .map((k) => {
    const p = r.chat.phases[k];
    return `| ${k === "quiet" ? "class alone" : "class + churn"} | ${fmt(p.latencyMs.p50, 2)} / ${fmt(p.latencyMs.p90, 1)} / ${fmt(p.latencyMs.p99, 1)} / ${fmt(p.latencyMs.max, 1)} ms | ${p.runStarts} (${fmt(p.runStarts / (r.options.chatSeconds / 2), 1)}/s) | ${fmt(p.machineBusyPercent)}% | ${fmt(p.labCpuPercent)}% | ${fmt(p.labEventLoopDelayMs.p50, 1)} / ${fmt(p.labEventLoopDelayMs.p99, 1)} / ${fmt(p.labEventLoopDelayMs.max, 1)} ms | ${p.throttledPeriods} |`;
  })
  .join("\n")}
`;
if (!values["no-doc"]) replaceSection(values.section!, md);
console.log(md);
const failed = r.chat.missing.length || r.chat.foreign.length || !clean(r.cleanup.afterStop) || !clean(r.cleanup.afterExit) || r.admission.whenFull.some((a) => a.code !== "lab-full") || r.admission.maxLiveRunsSeen > r.maxRuns;
process.exit(failed ? 1 : 0);
