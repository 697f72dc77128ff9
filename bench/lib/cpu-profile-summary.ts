// Where a lab process's CPU went, from a V8 CPU profile (node --cpu-prof): self time by package or
// folder, the busiest functions (self), and the lab's own functions with what they call (total).
// Usage: tsx bench/lib/cpu-profile-summary.ts PROFILE.cpuprofile [WINDOW.json] [--top N] [--under NAME]
// WINDOW.json ({ startUs, endUs } on the monotonic clock, written by the class bench) keeps only
// the samples taken while the class was saving.
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const topAt = args.indexOf("--top");
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 25;
const underAt = args.indexOf("--under");
/** Only samples with a frame of this function name on their stack. */
const under = underAt >= 0 ? args.splice(underAt, 2)[1] : undefined;
const [file, windowFile] = args;
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const window = windowFile ? (JSON.parse(readFileSync(windowFile, "utf8")) as { startUs: number; endUs: number }) : { startUs: -Infinity, endUs: Infinity };

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

function onStack(id: number, name: string): boolean {
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) if (byId.get(at)!.callFrame.functionName === name) return true;
  return false;
}

/** Where a frame's code lives: a package, a folder of the lab, or V8's own (GC, idle, program). */
function place(n: ProfileNode): string {
  const url = n.callFrame.url;
  if (!url) return `(${n.callFrame.functionName || "native"})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/(server|shared|tests|bench)\/(?:([^/]+)\/)?/.exec(url);
  if (own) return own[2] && !own[2].includes(".") ? `${own[1]}/${own[2]}` : own[1];
  if (url.startsWith("node:")) return "node:" + url.slice(5).split("/")[0];
  return url;
}
const label = (n: ProfileNode) => `${n.callFrame.functionName || "(anonymous)"} ${place(n)}:${n.callFrame.lineNumber + 1}`;

const self = new Map<number, number>();
let t = profile.startTime;
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i];
  if (t < window.startUs || t > window.endUs) continue;
  if (under && !onStack(profile.samples[i], under)) continue;
  const dt = profile.timeDeltas[i + 1] ?? 0;
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  total += dt;
}
const idle = [...self].filter(([id]) => byId.get(id)!.callFrame.functionName === "(idle)").reduce((s, [, v]) => s + v, 0);
const busy = total - idle;
const seconds = total / 1e6;
const pct = (us: number) => `${((us / busy) * 100).toFixed(1)}%`.padStart(6);
const ms = (us: number) => `${(us / 1000).toFixed(0)} ms`.padStart(9);

console.log(`${file}: ${seconds.toFixed(1)} s sampled, busy ${(busy / 1000).toFixed(0)} ms (${((busy / total) * 100).toFixed(1)}% of one core); shares below are of the busy time`);

const sum = (key: (n: ProfileNode) => string) => {
  const m = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    if (n.callFrame.functionName === "(idle)") continue;
    m.set(key(n), (m.get(key(n)) ?? 0) + us);
  }
  return [...m].sort((a, b) => b[1] - a[1]);
};

console.log("\nself time by place:");
for (const [k, us] of sum(place).slice(0, top)) console.log(`${pct(us)} ${ms(us)}  ${k}`);
console.log("\nself time by function:");
for (const [k, us] of sum(label).slice(0, top)) console.log(`${pct(us)} ${ms(us)}  ${k}`);

// Total (inclusive) time of each function: every sample counts once for each distinct frame on its stack.
const inclusive = new Map<string, number>();
for (const [id, us] of self) {
  if (byId.get(id)!.callFrame.functionName === "(idle)") continue;
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const k = label(byId.get(at)!);
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + us);
  }
}
console.log("\ntotal time by function (with what it calls), the lab's own and its packages' entry points:");
for (const [k, us] of [...inclusive].sort((a, b) => b[1] - a[1]).filter(([k]) => !k.startsWith("(")).slice(0, top * 2)) console.log(`${pct(us)} ${ms(us)}  ${k}`);
