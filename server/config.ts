// Every setting an instructor may change: one environment variable each, read here and nowhere
// else, as one zod schema with its default, its limits and a sentence (README.md's settings table
// lists the same, tests/config/readme-settings.test.ts keeps the two equal). To add a setting: one
// line in `settings`, one field in LabConfig and toLabConfig, one row in the README.
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Limits } from "./sandbox/types";

/** A whole number from min to max. Variables are text: "" counts as unset (see parseSettings). */
function count(min: number, max: number, fallback: number, what: string) {
  const allowed = `a whole number from ${min} to ${max}`;
  return z.coerce
    .number({ error: allowed })
    .int({ error: allowed })
    .min(min, { error: allowed })
    .max(max, { error: allowed })
    .default(fallback)
    .describe(what);
}

function decimal(min: number, max: number, fallback: number, what: string) {
  const allowed = `a number from ${min} to ${max}`;
  return z.coerce.number({ error: allowed }).min(min, { error: allowed }).max(max, { error: allowed }).default(fallback).describe(what);
}

const ON = ["1", "true", "yes", "on"];
const OFF = ["0", "false", "no", "off"];
function onOff(fallback: boolean, what: string) {
  return z
    .string()
    .transform((raw, ctx) => {
      const value = raw.toLowerCase();
      if (ON.includes(value)) return true;
      if (OFF.includes(value)) return false;
      ctx.addIssue({ code: "custom", message: "1 or 0 (also true/false, yes/no, on/off)" });
      return z.NEVER;
    })
    .default(fallback)
    .describe(what);
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number], what: string) {
  return z.enum(values, { error: `one of ${values.join(", ")}` }).default(fallback).describe(what);
}

function text(what: string) {
  return z.string().optional().describe(what);
}

/** The settings, by variable. The sentence is what README.md says of each. */
export const settings = {
  HOST: z.string().default("127.0.0.1").describe("address to serve on; 0.0.0.0 serves the whole network"),
  PORT: count(0, 65535, 3000, "port for the pages and the WebSockets (one port); 0 takes a free one"),
  LAB_REFERENCE: onOff(true, "0 hides the reference solutions (chatserver2-5) and the lab's findings for the whole lab"),
  LAB_SANDBOX: oneOf(["auto", "strong", "weak"], "auto", "strong refuses to start without the sandbox; auto falls back to the weak mode, loudly"),
  LAB_RUN_MEMORY_MB: count(16, 65536, 256, "memory for all of one run's processes"),
  LAB_RUN_TASKS: count(8, 100_000, 200, "processes and threads one run may have"),
  LAB_RUN_CPU_SHARE: decimal(0.01, 256, 0.5, "share of one CPU core one run may use"),
  LAB_RUN_CPU_SECONDS: count(1, 1_000_000, 600, "CPU time one run may use in all"),
  LAB_RUN_FILE_MB: count(1, 65536, 16, "largest file a run may write"),
  LAB_RUN_TMP_MB: count(1, 65536, 32, "size of the run's private /tmp"),
  LAB_RUN_OPEN_FILES: count(16, 1_048_576, 512, "files and sockets one run's process may have open at once"),
  LAB_RUN_OUTPUT_KBPS: count(1, 1_048_576, 256, "output a run may print per second before it is held back"),
  LAB_OUTPUT_KEPT_KB: count(1, 65536, 256, "output the lab keeps per run, so a page that reloads shows it again"),
  LAB_RUN_IDLE_MINUTES: decimal(0.01, 100_000, 30, "a run with no terminal open and no input for this long is stopped"),
  LAB_SESSION_EXPIRY_MINUTES: decimal(0.01, 100_000, 60, "a session with no page open for this long is forgotten and its runs stopped"),
  LAB_RUNS_PER_SESSION: count(1, 1000, 4, "programs one student may have running at once, on all their pages and computers together (a browser session of no student counts as one student)"),
  LAB_CHECKS_PER_STUDENT: count(1, 1000, 2, "exercise checks one student may have waiting or running at once (one per page)"),
  LAB_UNJOINED_RUNS_PER_ADDRESS: count(1, 100_000, 32, "programs all browsers that have not joined the class may have running together from one network address (pages need a name first: these are scripts)"),
  LAB_SOCKETS_PER_STUDENT: count(4, 100_000, 64, "WebSockets one student may hold open at once: lab pages, terminals and classmates' servers joined"),
  LAB_NEW_SESSIONS_PER_MINUTE: count(1, 1_000_000, 120, "new browser sessions one network address may start a minute (a class behind one NAT shares one address: keep it above the class size)"),
  LAB_NEW_STUDENTS_PER_MINUTE: count(1, 1_000_000, 120, "joins one network address may ask for a minute, each Join pressed counted (as above: keep it above the class size)"),
  LAB_MAX_RUNS: count(1, 100_000, 400, "programs the whole lab runs at once"),
  LAB_TERMINALS_PER_RUN: count(1, 1000, 8, "terminals one run may have open"),
  LAB_VISIT_TERMINALS_PER_RUN: count(1, 100, 2, "terminals the instructor may open into one student's running program, besides (not out of) the student's own LAB_TERMINALS_PER_RUN"),
  LAB_TERMINAL_KEEP_SECONDS: count(0, 3600, 30, "a terminal whose page went away without closing it (a reload) keeps its connection this long for the page to take back; 0: never"),
  LAB_TERMINALS_KEPT_PER_SESSION: count(0, 1000, 16, "terminals one browser may have kept that way at once"),
  LAB_STARTS_AT_ONCE: count(1, 1000, Math.max(2, availableParallelism()), "programs the lab starts at the same time (default: cores, at least 2)"),
  LAB_CHECKS_AT_ONCE: count(1, 1000, 4, "exercise checks the whole lab runs at once"),
  LAB_SHARE_JOINERS: count(1, 1000, 30, "people connected to one server a student shares with the class, at most"),
  LAB_SHARE_LINES_PER_SECOND: count(1, 10_000, 10, "lines a second each person joined to a shared server may send it (more wait, none is lost)"),
  LAB_SHARE_INPUT_KBPS: count(1, 1_048_576, 8, "input a second each person joined to a shared server may send it"),
  LAB_CONTROL_MESSAGES_PER_SECOND: count(1, 100_000, 20, "messages a second one student's pages (all their tabs and browsers together; a browser of no student counts as one) may send the lab (3 s worth at once); past it the lab reads them more slowly"),
  LAB_CONTROL_KBPS: count(1, 1_048_576, 128, "bytes a second one student's pages together may send the lab, programs and input to them included (4 s worth at once)"),
  LAB_TERMINAL_KBPS: count(1, 1_048_576, 1024, "bytes a second one run's terminals may carry each way, and 4 times that for all of a student's together; past it the lab reads more slowly"),
  LAB_CONNECTIONS: count(16, 1_000_000, 8000, "connections the lab holds at once (pages, sockets, terminals); past it new ones are refused"),
  LAB_CONNECTIONS_PER_ADDRESS: count(4, 1_000_000, 256, "connections one network address may hold at once"),
  LAB_PYTHON: text("the Python 3 that runs students' programs (default /usr/bin/python3, then python3 on PATH)"),
  LAB_ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((raw) => raw.split(",").map((o) => o.trim()).filter(Boolean))
    .describe("extra origins allowed to open the lab's WebSockets, comma-separated"),
  LAB_STATE_DIR: text("where the lab keeps its session secret and runs' files (default .lab-state in the lab's folder)"),
  LAB_TRACE: onOff(true, "0 starts students' programs without the tracer: no \"Inside the server\" timeline, and checks that need the trace say so"),
  LAB_DATA_DIR: text("where the class's database file (class.sqlite) and the instructor key are kept (default data in the lab's folder, made at start)"),
  DATABASE_URL: text("postgres://user:password@host:5432/database: keep the class in PostgreSQL instead of the SQLite file"),
  LAB_CLASS_CODE: text("a code students must type to join the class (unset: anyone who can reach the lab can join)"),
  LAB_INSTRUCTOR_KEY: text("the instructor's key for /instructor (unset: a random one is made at first start, kept in the data folder and printed)"),
  LAB_DEV: onOff(false, "1 serves the pages from Next's development server (npm run dev)"),
  NO_COLOR: text("any value: `npm run check` prints its report without colours (no-color.org)"),
} as const;

export type SettingName = keyof typeof settings;
export const Settings = z.object(settings);
export type Settings = z.output<typeof Settings>;

/** A variable set to something its setting does not allow: names it and says what is allowed. */
export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

/** The variables this schema knows, "" as unset (`LAB_PYTHON= npm start` means the default). */
function known(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(settings)) if (env[name] !== undefined && env[name] !== "") out[name] = env[name]!;
  return out;
}

function parseSettings(env: Env = process.env): Settings {
  const raw = known(env);
  const parsed = Settings.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    return `${name}=${raw[name]} is not allowed: use ${issue.message}, or leave it unset for the default`;
  });
  throw new ConfigError(lines.join("\n"));
}

/** One setting, for the few places that need only it before the lab is built (paths, the site build). */
export function readSetting<N extends SettingName>(name: N, env: Env = process.env): Settings[N] {
  const value = known(env)[name];
  const parsed = settings[name].safeParse(value);
  if (parsed.success) return parsed.data as Settings[N];
  throw new ConfigError(`${name}=${value} is not allowed: use ${parsed.error.issues[0]!.message}, or leave it unset for the default`);
}

/** LAB_* variables that are no setting (a typo such as LAB_MAX_RUN would otherwise do nothing). */
export function unknownSettings(env: Env = process.env): string[] {
  return Object.keys(env).filter((name) => name.startsWith("LAB_") && !(name in settings));
}

const MiB = 1024 * 1024;
// The lab's own folder (paths.ts imports this module, so it cannot be imported from there).
const LAB_FOLDER = join(dirname(fileURLToPath(import.meta.url)), "..");

export interface LabConfig {
  host: string;
  port: number;
  /** Per-run limits inside the sandbox. */
  limits: Limits;
  /** Stop a run after this long with no terminal open and no input. */
  idleRunMs: number;
  /** Forget a session (stopping its runs) after this long with no page connected. */
  sessionExpiryMs: number;
  /** Runs one client (a student, or a session of no student) may have at once, and runs the whole lab may have at once (checks included). */
  runsPerSession: number;
  maxRuns: number;
  /** Terminals one run may have open at once, and the instructor's visits to it, counted apart. */
  terminalsPerRun: number;
  visitTerminalsPerRun: number;
  /** A terminal whose page went away (a reload) keeps its connection this long; this many per session at most. */
  keptTerminals: { keepMs: number; perSession: number };
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
  /** Origins besides the lab's own that may open its WebSockets. */
  allowedOrigins: string[];
  /** Next's development server instead of the built site. */
  dev: boolean;
  /** The check CLI's report without colours. */
  noColor: boolean;
  /** The class's database: a SQLite file in dataDir, or PostgreSQL at databaseUrl when set. */
  dataDir: string;
  databaseUrl?: string;
  /** The code students type to join, when the instructor set one. */
  classCode?: string;
  /** The instructor's key when set; otherwise one made at first start and kept in dataDir. */
  instructorKey?: string;
  /** What one session may send on its control sockets, and one run's terminals may carry each way (see rate-limit.ts). */
  rates: { controlMessagesPerSecond: number; controlBytesPerSecond: number; terminalBytesPerSecond: number };
  /** Connections the lab holds at once, in all and from one address. */
  connections: { total: number; perAddress: number };
  /** Class chat: people connected to one shared server at most, and each one's rate of input. */
  sharing: { maxJoiners: number; linesPerSecond: number; bytesPerSecond: number };
  /** Trace students' runs for the "Inside the server" timeline (docs/trace.md). */
  trace: boolean;
  /** Each client's share besides its runs: checks waiting or running, and WebSockets (server/admission/). */
  shares: { checksPerStudent: number; socketsPerStudent: number; unjoinedRunsPerAddress: number };
  /** New sessions and new students one network address may make a minute. */
  arrivals: { sessionsPerMinute: number; studentsPerMinute: number };
}

function toLabConfig(s: Settings): LabConfig {
  return {
    host: s.HOST,
    port: s.PORT,
    limits: {
      memoryBytes: s.LAB_RUN_MEMORY_MB * MiB,
      tasks: s.LAB_RUN_TASKS,
      cpuShare: s.LAB_RUN_CPU_SHARE,
      cpuSeconds: s.LAB_RUN_CPU_SECONDS,
      fileBytes: s.LAB_RUN_FILE_MB * MiB,
      tmpBytes: s.LAB_RUN_TMP_MB * MiB,
      openFiles: s.LAB_RUN_OPEN_FILES,
      outputBytesPerSecond: s.LAB_RUN_OUTPUT_KBPS * 1024,
    },
    idleRunMs: s.LAB_RUN_IDLE_MINUTES * 60_000,
    sessionExpiryMs: s.LAB_SESSION_EXPIRY_MINUTES * 60_000,
    runsPerSession: s.LAB_RUNS_PER_SESSION,
    maxRuns: s.LAB_MAX_RUNS,
    terminalsPerRun: s.LAB_TERMINALS_PER_RUN,
    visitTerminalsPerRun: s.LAB_VISIT_TERMINALS_PER_RUN,
    keptTerminals: { keepMs: s.LAB_TERMINAL_KEEP_SECONDS * 1000, perSession: s.LAB_TERMINALS_KEPT_PER_SESSION },
    outputKeptBytes: s.LAB_OUTPUT_KEPT_KB * 1024,
    startsAtOnce: s.LAB_STARTS_AT_ONCE,
    checksAtOnce: s.LAB_CHECKS_AT_ONCE,
    showReference: s.LAB_REFERENCE,
    sandbox: s.LAB_SANDBOX,
    allowedOrigins: s.LAB_ALLOWED_ORIGINS,
    dev: s.LAB_DEV,
    noColor: s.NO_COLOR !== undefined,
    dataDir: s.LAB_DATA_DIR ? resolve(s.LAB_DATA_DIR) : join(LAB_FOLDER, "data"),
    databaseUrl: s.DATABASE_URL,
    classCode: s.LAB_CLASS_CODE?.trim() || undefined,
    instructorKey: s.LAB_INSTRUCTOR_KEY,
    rates: { controlMessagesPerSecond: s.LAB_CONTROL_MESSAGES_PER_SECOND, controlBytesPerSecond: s.LAB_CONTROL_KBPS * 1024, terminalBytesPerSecond: s.LAB_TERMINAL_KBPS * 1024 },
    connections: { total: s.LAB_CONNECTIONS, perAddress: s.LAB_CONNECTIONS_PER_ADDRESS },
    sharing: { maxJoiners: s.LAB_SHARE_JOINERS, linesPerSecond: s.LAB_SHARE_LINES_PER_SECOND, bytesPerSecond: s.LAB_SHARE_INPUT_KBPS * 1024 },
    trace: s.LAB_TRACE,
    shares: { checksPerStudent: s.LAB_CHECKS_PER_STUDENT, socketsPerStudent: s.LAB_SOCKETS_PER_STUDENT, unjoinedRunsPerAddress: s.LAB_UNJOINED_RUNS_PER_ADDRESS },
    arrivals: { sessionsPerMinute: s.LAB_NEW_SESSIONS_PER_MINUTE, studentsPerMinute: s.LAB_NEW_STUDENTS_PER_MINUTE },
  };
}

/** The lab's configuration from the environment; throws a ConfigError naming each bad variable. */
export function readConfig(env: Env = process.env): LabConfig {
  return toLabConfig(parseSettings(env));
}
