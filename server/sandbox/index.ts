// Choosing the sandbox at start-up: the strong one when this machine can make namespaces, else
// the weak one, said loudly. A probe run proves the choice before any student depends on it.
import { execFileSync } from "node:child_process";
import { NamespaceSandbox } from "./namespace-sandbox";
import { findPython, type Python } from "./python";
import type { Limits, Sandbox } from "./types";
import { WeakSandbox } from "./weak-sandbox";

const PROBE = "import socket\ns = socket.socket()\ns.bind(('', 8888))\ns.listen(1)\nprint('ok', flush=True)\ns.accept()\n";

function missingTool(): string | null {
  const tools: Record<string, string> = {
    bwrap: "sudo apt-get install bubblewrap",
    unshare: "sudo apt-get install util-linux",
    prlimit: "sudo apt-get install util-linux",
    setpriv: "sudo apt-get install util-linux",
    ip: "sudo apt-get install iproute2",
  };
  for (const [tool, install] of Object.entries(tools)) {
    try {
      execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" });
    } catch {
      return `${tool} not found: install it with \`${install}\``;
    }
  }
  if (process.getuid?.() !== 0) return "the lab is not running as root, so it cannot give each run its own uid, network namespace and cgroup";
  return null;
}

/** Start a program that listens on 8888 and connect to it: the whole path a terminal uses. */
async function probe(sandbox: Sandbox): Promise<void> {
  const run = await sandbox.start({ source: PROBE, fileName: "probe.py" });
  let stderr = "";
  run.on("stderr", (d) => (stderr += d.toString()));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the probe program did not listen within 10 s${stderr ? `: ${stderr}` : ""}`)), 10_000);
      run.on("exit", (info) => reject(new Error(`the probe program exited (code ${info.code}): ${stderr.trim()}`)));
      run.on("ports", (ports) => {
        if (!ports.includes(8888)) return;
        clearTimeout(timer);
        resolve();
      });
    });
    const socket = await run.connect(8888);
    socket.destroy();
  } finally {
    await run.stop("probe done");
  }
}

export interface SandboxChoice {
  sandbox: Sandbox;
  python: Python;
}

export async function createSandbox(limits: Limits, want: "auto" | "strong" | "weak"): Promise<SandboxChoice> {
  const python = findPython();
  let why: string | null = want === "weak" ? "LAB_SANDBOX=weak was set" : missingTool();
  if (!why) {
    const strong = new NamespaceSandbox(limits, python);
    try {
      await probe(strong);
      return { sandbox: strong, python };
    } catch (error) {
      await strong.close();
      why = `the namespace sandbox failed its start-up probe: ${(error as Error).message}`;
    }
  }
  if (want === "strong") throw new Error(`LAB_SANDBOX=strong, but ${why}`);
  return { sandbox: new WeakSandbox(limits, python, why!), python };
}

export type { Connection, Limits, Sandbox, SandboxRun } from "./types";
