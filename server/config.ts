// Every setting an instructor may change, read once from the environment. README.md lists them.
import { availableParallelism } from "node:os";
import type { Limits } from "./sandbox/types";

function num(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${name}=${raw} is not a number: set it to a number, e.g. ${name}=${fallback}, or leave it unset`);
  }
  return value;
}

function flag(name: string, fallback: boolean): boolean {
  const raw = process.env[name]?.toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new Error(`${name}=${raw} is not on or off: use ${name}=1 or ${name}=0`);
}

const MiB = 1024 * 1024;

export interface LabConfig {
  host: string;
  port: number;
  /** Per-run limits inside the sandbox. */
  limits: Limits;
  /** Stop a run after this long with no terminal open and no input. */
  idleRunMs: number;
  /** Forget a session (stopping its runs) after this long with no page connected. */
  sessionExpiryMs: number;
  /** Runs one session may have at once, and runs the whole lab may have at once. */
  runsPerSession: number;
  maxRuns: number;
  /** Terminals one run may have open at once. */
  terminalsPerRun: number;
  /** Programs the lab starts at once; more Run presses wait in line, told their place. */
  startsAtOnce: number;
  /** Exercise checks the whole lab runs at once (each starts its own runs). */
  checksAtOnce: number;
  /** Output the lab keeps per run for a page that reloads, bytes. */
  outputKeptBytes: number;
  /** Whether reference solutions and findings are shown (LAB_REFERENCE=0 hides them for a class). */
  showReference: boolean;
  /** "strong" refuses to start without namespaces; "auto" falls back to the weak mode, loudly. */
  sandbox: "auto" | "strong" | "weak";
}

export function readConfig(): LabConfig {
  const sandbox = process.env.LAB_SANDBOX ?? "auto";
  if (sandbox !== "auto" && sandbox !== "strong" && sandbox !== "weak") {
    throw new Error(`LAB_SANDBOX=${sandbox} is not known: use auto, strong or weak`);
  }
  return {
    host: process.env.HOST || "127.0.0.1",
    port: num("PORT", 3000),
    limits: {
      memoryBytes: num("LAB_RUN_MEMORY_MB", 256) * MiB,
      tasks: num("LAB_RUN_TASKS", 200),
      cpuShare: num("LAB_RUN_CPU_SHARE", 0.5),
      cpuSeconds: num("LAB_RUN_CPU_SECONDS", 600),
      fileBytes: num("LAB_RUN_FILE_MB", 16) * MiB,
      tmpBytes: num("LAB_RUN_TMP_MB", 32) * MiB,
      openFiles: num("LAB_RUN_OPEN_FILES", 512),
      outputBytesPerSecond: num("LAB_RUN_OUTPUT_KBPS", 256) * 1024,
    },
    idleRunMs: num("LAB_RUN_IDLE_MINUTES", 30) * 60_000,
    sessionExpiryMs: num("LAB_SESSION_EXPIRY_MINUTES", 60) * 60_000,
    runsPerSession: num("LAB_RUNS_PER_SESSION", 4),
    maxRuns: num("LAB_MAX_RUNS", 400),
    terminalsPerRun: num("LAB_TERMINALS_PER_RUN", 8),
    outputKeptBytes: num("LAB_OUTPUT_KEPT_KB", 256) * 1024,
    startsAtOnce: Math.max(1, num("LAB_STARTS_AT_ONCE", Math.max(2, availableParallelism()))),
    checksAtOnce: num("LAB_CHECKS_AT_ONCE", 4),
    showReference: flag("LAB_REFERENCE", true),
    sandbox,
  };
}
