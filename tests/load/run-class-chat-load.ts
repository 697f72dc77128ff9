// `npm run load -- --scenario class-chat`: ten groups of 30 classmates, each group on one
// student's shared chatserver5, a line every 2 s each; figures to docs/performance.md (between the
// class-chat markers) and bench/results/class-chat.json. Exits 1 when a line was lost, duplicated
// or garbled, or delivery p99 is 50 ms or more.
// Options: --groups N --group-size N --chat-seconds N --line-interval-ms N
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { machine, machineMarkdown, replaceSection, waitQuiet, writeJson } from "../../bench/lib/doc";
import { runClassChatLoad } from "./class-chat-load";
import { fmt } from "../support/stats";

const { values } = parseArgs({
  options: {
    scenario: { type: "string" },
    groups: { type: "string", default: "10" },
    "group-size": { type: "string", default: "30" },
    "chat-seconds": { type: "string", default: "60" },
    "line-interval-ms": { type: "string", default: "2000" },
    "quiet-load": { type: "string", default: "2.5" },
    "no-doc": { type: "boolean", default: false },
  },
});

const GOAL_P99_MS = 50;
const log = (s: string) => console.log(s);
const m = machine();
await waitQuiet(Number(values["quiet-load"]), 300, log);
m.loadBefore = loadavg().map((x) => Math.round(x * 100) / 100);
const options = { groups: Number(values.groups), groupSize: Number(values["group-size"]), chatSeconds: Number(values["chat-seconds"]), lineIntervalMs: Number(values["line-interval-ms"]) };
log(`class chat load: ${JSON.stringify(options)}`);
const r = await runClassChatLoad({ ...options, log });
const loadAfter = loadavg();
writeJson("class-chat", { machine: m, loadAfter, result: r });

const o = r.options;
const ok = r.missing.length === 0 && r.foreign.length === 0 && r.duplicates === 0 && r.delivered === r.deliveriesExpected;
const md = `
${machineMarkdown(m, `npm run load -- --scenario class-chat --groups ${o.groups} --group-size ${o.groupSize} --chat-seconds ${o.chatSeconds} --line-interval-ms ${o.lineIntervalMs}`, loadAfter)}

${o.groups} groups of ${o.groupSize} classmates, each group on one student's shared chatserver5 (the owner's own terminal and
${o.groupSize - 1} classmates who joined it, each a session of its own at its own loopback address); everyone types a line
every ${o.lineIntervalMs / 1000} s on average (±50%) for ${o.chatSeconds} s. Delivery: from sending a line to the line complete in a classmate's terminal.

| measure | value |
| --- | --- |
| set-up: ${o.groups} runs started and shared, ${o.groups * o.groupSize} people connected | ${fmt(r.setupSeconds, 1)} s |
| lines typed / deliveries expected / delivered | ${r.linesTyped} / ${r.deliveriesExpected} / ${r.delivered} (missing ${r.missing.length}, garbled or foreign ${r.foreign.length}, duplicated ${r.duplicates}) |
| every line delivered once to every other member | ${ok ? "yes" : "**NO**"} |
| delivery p50 / p90 / p99 / max | ${fmt(r.deliveryMs.p50, 2)} / ${fmt(r.deliveryMs.p90, 1)} / ${fmt(r.deliveryMs.p99, 1)} / ${fmt(r.deliveryMs.max, 1)} ms (goal: p99 under ${GOAL_P99_MS} ms: ${r.deliveryMs.p99 < GOAL_P99_MS ? "met" : "**not met**"}) |
| machine busy (all cores) / lab server CPU (one core) | ${fmt(r.machineBusyPercent)}% / ${fmt(r.labCpuPercent)}% |
| lab event loop delay p50 / p99 / max | ${fmt(r.labEventLoopDelayMs.p50, 1)} / ${fmt(r.labEventLoopDelayMs.p99, 1)} / ${fmt(r.labEventLoopDelayMs.max, 1)} ms |
`;
if (!values["no-doc"]) replaceSection("class-chat", md);
console.log(md);
process.exit(ok && r.deliveryMs.p99 < GOAL_P99_MS ? 0 : 1);
