// Runs an exercise's checks one after another, each in a fresh sandboxed run, and turns what
// happened into a CheckReport. A program that never listens fails the first check and skips the rest.
import { programFileName } from "../../shared/stages";
import type { Sandbox } from "../sandbox/types";
import type { CheckReport, CheckResult, Exercise, Progress } from "../../shared/check-report";
import { CHECKS } from "./exercises";
import type { CheckDefinition } from "./definition";
import { endedFinding } from "./findings";
import { CheckFailed, CheckContext, StartupFailed } from "./harness";
import { foldTracebacks } from "./tracebacks";

export interface RunChecksOptions {
  sandbox: Sandbox;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  /** File name the program runs as (shown in tracebacks); chatserverN.py by default. */
  fileName?: string;
  /** Run only these check ids (the hazard measurement runs the stress check alone). */
  only?: string[];
}

const STDERR_KEPT = 8000;

function abortError(): Error {
  return Object.assign(new Error("the checks were cancelled"), { name: "AbortError" });
}

export async function runChecks(exercise: Exercise, source: string, options: RunChecksOptions): Promise<CheckReport> {
  const started = Date.now();
  const fileName = options.fileName ?? programFileName(exercise);
  const checks = CHECKS[exercise].filter((c) => !options.only || options.only.includes(c.id));
  const results: CheckResult[] = [];
  let startupFailure: CheckResult | null = null;
  for (const [index, check] of checks.entries()) {
    if (options.signal?.aborted) throw abortError();
    const progress = (state: Progress["state"], clientsConnected: number, message?: string) =>
      options.onProgress?.({ exercise, index, count: checks.length, checkId: check.id, checkName: check.name, state, clientsConnected, ...(message ? { message } : {}) });
    if (startupFailure) {
      results.push(skipped(check, startupFailure));
      progress("skipped", 0);
      continue;
    }
    progress("running", 0);
    const live = throttle((n: number, m?: string) => progress("running", n, m));
    const result = await runOne(check, options.sandbox, { source, fileName }, options.signal, live.push).finally(live.cancel);
    if (options.signal?.aborted) throw abortError();
    results.push(result.result);
    if (result.startup) startupFailure = result.result;
    progress(result.result.status, 0);
  }
  return {
    exercise,
    fileName,
    passed: results.every((r) => r.status === "pass"),
    checks: results,
    isolation: options.sandbox.isolation,
    durationMs: Date.now() - started,
    ...(results.some((r) => r.busy) ? { busy: results.find((r) => r.busy)!.busy } : {}),
  };
}

/**
 * Progress as clients come and go, at most one event per 100 ms (a stress round connects a hundred
 * clients in a second, and every event crosses the WebSocket); a new message is sent at once.
 */
function throttle(emit: (clients: number, message?: string) => void) {
  let last = 0;
  let lastMessage: string | undefined;
  let timer: NodeJS.Timeout | null = null;
  let latest: [number, string | undefined] = [0, undefined];
  const flush = () => {
    timer = null;
    last = Date.now();
    lastMessage = latest[1];
    emit(...latest);
  };
  return {
    push: (clients: number, message?: string) => {
      latest = [clients, message ?? lastMessage];
      if (message !== undefined && message !== lastMessage) flush();
      else if (Date.now() - last >= 100) flush();
      else timer ??= setTimeout(flush, 100 - (Date.now() - last));
    },
    cancel: () => timer && clearTimeout(timer),
  };
}

function skipped(check: CheckDefinition, because: CheckResult): CheckResult {
  return {
    id: check.id,
    name: check.name,
    status: "skipped",
    expected: check.expected,
    happened: `Not run: in "${because.name}", ${because.finding}.`,
    warnings: [],
    notes: [],
    transcripts: [],
    durationMs: 0,
  };
}

async function runOne(
  check: CheckDefinition,
  sandbox: Sandbox,
  program: { source: string; fileName: string },
  outer: AbortSignal | undefined,
  onClients: (n: number, message?: string) => void,
): Promise<{ result: CheckResult; startup: boolean }> {
  const started = Date.now();
  // The check's own signal: the caller's, or the safety-net timeout, whichever comes first.
  const controller = new AbortController();
  const abort = () => controller.abort();
  outer?.addEventListener("abort", abort);
  const ctx = await CheckContext.start(sandbox, program, { fastSwitch: !!check.fastSwitch, traced: !!check.traced }, controller.signal, onClients);
  let timer: NodeJS.Timeout | undefined;
  let happened = "";
  let failure: CheckFailed | null = null;
  // Settles only when the check is stopped from outside: cancelled, or past its time limit.
  const stopped = new Promise<never>((_, reject) => {
    const fail = () =>
      reject(
        outer?.aborted
          ? abortError()
          : new CheckFailed(
              `the check did not finish within ${Math.round(ctx.elapsed() / 1000)} s`,
              `The check was still waiting after ${Math.round(ctx.elapsed() / 1000)} s; the program ${ctx.exitText()}.`,
              "A program that stops answering is often stuck: a loop that never calls recv() again, or a lock that is never released.",
            ),
      );
    // The safety net waits longer when the machine is busy (the report says it was).
    timer = setTimeout(() => {
      const more = ctx.patience.stretch(check.timeoutMs) - check.timeoutMs;
      if (more > 0) timer = setTimeout(() => controller.abort(), more);
      else controller.abort();
    }, check.timeoutMs);
    if (controller.signal.aborted) fail();
    else controller.signal.addEventListener("abort", fail, { once: true });
  });
  stopped.catch(() => {});
  try {
    const running = ctx.waitListening().then(() => check.run(ctx));
    running.catch(() => {}); // once stopped, it fails on its own, into the void
    happened = await Promise.race([running, stopped, ctx.failed]);
  } catch (error) {
    if (!(error instanceof CheckFailed)) {
      await ctx.finish();
      outer?.removeEventListener("abort", abort);
      clearTimeout(timer);
      throw error;
    }
    failure = error;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", abort);
  }
  // A connection the server closed is often a program on its way out: give its exit time to arrive,
  // so a crash is reported as one (a busy machine took over 300 ms).
  if (failure) await ctx.waitExit(ctx.clients.some((c) => c.state === "closed by server") ? ctx.patience.stretch(1500) : 300);
  const exit = await ctx.finish();
  const stderr = foldTracebacks(ctx.stderr.replace(/^\s*\n/, "").trimEnd(), program.fileName); // keep a traceback's first indent
  // What the program's end says comes first: a crash names its error and line, not a guess.
  const ended = failure && endedFinding(exit, ctx.stderr, program.source, program.fileName);
  if (failure && ended) {
    const before = failure instanceof StartupFailed ? " before it listened" : "";
    const rest = failure.happened.replace(/ ?The program (exited|was ended|stopped)[^]*$/, "").trim();
    failure = new (failure.constructor as typeof CheckFailed)(
      ended.finding.replace(/^(the program crashed)/, `$1${before}`),
      `${ended.happened}${rest ? ` What the clients saw: ${rest}` : ""}`,
      ended.hint,
    );
  }
  const result: CheckResult = {
    id: check.id,
    name: check.name,
    status: failure ? "fail" : "pass",
    expected: check.expected,
    happened: failure ? failure.happened : happened,
    ...(failure ? { finding: failure.finding, hint: failure.hint } : {}),
    warnings: ctx.warnings,
    notes: ctx.notes,
    transcripts: ctx.transcripts(),
    ...(stderr ? { stderr: stderr.length > STDERR_KEPT ? `${stderr.slice(0, STDERR_KEPT / 2)}\n…\n${stderr.slice(-STDERR_KEPT / 2)}` : stderr } : {}),
    ...(exit ? { exit: { code: exit.code, signal: exit.signal, ...(exit.reason ? { reason: exit.reason } : {}) } } : {}),
    durationMs: Date.now() - started,
    ...(ctx.patience.busySeen ? { busy: ctx.patience.busySeen } : {}),
  };
  return { result, startup: failure instanceof StartupFailed };
}
