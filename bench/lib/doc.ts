// Results go into docs/performance.md between markers, so the hand-written analysis around them
// stays put when the benchmark or the load test is run again.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..");
export const DOC = join(ROOT, "docs", "performance.md");

export function replaceSection(name: string, markdown: string, file = DOC): void {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  let text = existsSync(file) ? readFileSync(file, "utf8") : "# Performance\n\n";
  const block = `${begin}\n${markdown.trim()}\n${end}`;
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i >= 0 && j > i) text = text.slice(0, i) + block + text.slice(j + end.length);
  else text = `${text.trimEnd()}\n\n${block}\n`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

export function writeJson(name: string, value: unknown): string {
  const file = join(ROOT, "bench", "results", `${name}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 1) + "\n");
  return file;
}

function sh(command: string): string {
  try {
    return execFileSync("sh", ["-c", command], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "(not available)";
  }
}

export interface Machine {
  nproc: string;
  cpu: string;
  memory: string;
  kernel: string;
  node: string;
  python: string;
  websockify: string;
  bubblewrap: string;
  loadBefore: number[];
}

export function machine(): Machine {
  return {
    nproc: sh("nproc"),
    cpu: cpus()[0]?.model ?? "?",
    memory: sh("free -h | sed -n 2p | awk '{print $2\" total, \"$7\" available\"}'"),
    kernel: sh("uname -r"),
    node: process.version,
    python: sh("/usr/bin/python3 -V"),
    websockify: sh("dpkg-query -W -f '${Version}' websockify"),
    bubblewrap: sh("bwrap --version"),
    loadBefore: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

export function machineMarkdown(m: Machine, command: string, loadAfter: number[]): string {
  return [
    `Machine: ${m.nproc} cores (${m.cpu}), ${m.memory} memory (\`free -h\`), kernel ${m.kernel} (\`uname -r\`), Node ${m.node}, ${m.python}, websockify ${m.websockify}, ${m.bubblewrap}.`,
    `Load average (1, 5, 15 min) before: ${m.loadBefore.join(", ")}; after: ${loadAfter.map((x) => x.toFixed(2)).join(", ")}. Other work shared this machine; see "Noise" below.`,
    `Command: \`${command}\`, run ${new Date().toISOString().replace(/\.\d+Z$/, "Z")}.`,
  ].join("\n");
}

/** Wait (bounded) until the 1-minute load average is below `below`, so a figure is not just other people's work. */
export async function waitQuiet(below: number, maxSeconds: number, log: (s: string) => void): Promise<number> {
  const deadline = Date.now() + maxSeconds * 1000;
  while (loadavg()[0] >= below && Date.now() < deadline) {
    log(`  waiting for a quieter machine: load ${loadavg()[0].toFixed(2)} ≥ ${below}`);
    await new Promise((r) => setTimeout(r, 15_000));
  }
  return loadavg()[0];
}

export const mib = (bytes: number, digits = 1) => (bytes / (1024 * 1024)).toFixed(digits);
