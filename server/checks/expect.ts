// The expectations every check is built from: a line comes back, a line reaches these clients.
// On a miss they wait briefly for the program's exit, so "it crashed" beats "no reply" in the
// report, and throw CheckFailed with the check's own words.
import type { TelnetClient } from "./client";
import { CheckFailed, type CheckContext } from "./harness";

/** How long a reply may take. Real replies take milliseconds; a held-back connection ~200 ms. */
export const REPLY_MS = 3000;

export interface Finding {
  finding: string;
  hint: string;
}

/** What to say when the program had exited by the time a reply was missing. */
export const CRASHED: Finding = {
  finding: "the program stopped while clients were using it",
  hint: "Read the traceback below: the last line says what went wrong, the lines above where.",
};

async function failWith(ctx: CheckContext, happened: string, finding: Finding, whenExited: Finding): Promise<never> {
  await ctx.waitExit(300);
  if (ctx.exitInfo) {
    throw new CheckFailed(whenExited.finding, `${happened} The program ${ctx.exitText()}.${ctx.lastErrorLine()}`, whenExited.hint);
  }
  throw new CheckFailed(finding.finding, happened, finding.hint);
}

const show = (text: string) => JSON.stringify(text);

/** The client sends a line and must get exactly that line (with its \r\n) back. */
export async function expectEcho(ctx: CheckContext, client: TelnetClient, line: string, missing: Finding, whenExited: Finding = CRASHED): Promise<void> {
  const before = client.received.length;
  client.sendLine(line);
  const wanted = `${line}\r\n`;
  if (await client.waitFor((r) => r.slice(before).includes(wanted), REPLY_MS)) return;
  const got = client.received.slice(before);
  if (got.includes(line)) {
    await failWith(ctx, `${client.name} sent ${show(wanted)} and got ${show(got)} back: the line came back changed.`, {
      finding: "the line comes back changed",
      hint: "Send back exactly the bytes recv() returned, without adding or removing anything.",
    }, whenExited);
  }
  const what = got ? `got only ${show(got)}` : client.state === "open" ? `got nothing back within ${REPLY_MS / 1000} s` : `got nothing back: ${client.state === "closed by server" ? "the server closed the connection" : "the connection ended"}`;
  await failWith(ctx, `${client.name} sent ${show(wanted)} and ${what}.`, missing, whenExited);
}

/** The sender's line must reach every recipient (anywhere in what they receive: a prefix is fine). */
export async function expectDelivered(
  ctx: CheckContext,
  sender: TelnetClient,
  line: string,
  recipients: TelnetClient[],
  missing: (someHeard: boolean, missed: TelnetClient[]) => Finding,
  whenExited: Finding = CRASHED,
): Promise<void> {
  const starts = recipients.map((r) => r.received.length);
  sender.sendLine(line);
  const arrived = await Promise.all(recipients.map((r, i) => r.waitFor((text) => text.slice(starts[i]).includes(line), REPLY_MS)));
  const missed = recipients.filter((_, i) => !arrived[i]);
  if (missed.length === 0) return;
  const names = missed.map((c) => c.name).join(" and ");
  const got = recipients.filter((_, i) => arrived[i]).map((c) => c.name);
  const others = got.length ? ` (${got.join(" and ")} did get it)` : "";
  await failWith(ctx, `${sender.name} sent ${show(line)}; ${names} did not receive it within ${REPLY_MS / 1000} s${others}.`, missing(got.length > 0, missed), whenExited);
}

/**
 * The threads that died, from Python's "Exception in thread ..." tracebacks on stderr. Tracebacks
 * of threads dying together interleave line by line, so the count comes from the headers and the
 * kinds from the exception lines ("BrokenPipeError: [Errno 32] Broken pipe"), not from blocks.
 */
export interface ThreadDeaths {
  count: number;
  /** Exception kind to how many times it was seen, e.g. { BrokenPipeError: 3 }. */
  kinds: Record<string, number>;
}

export function threadDeaths(stderr: string): ThreadDeaths {
  // Not anchored: two threads dying at once can interleave even the header's pieces.
  const count = stderr.match(/Exception in thread /g)?.length ?? 0;
  const kinds: Record<string, number> = {};
  if (count) {
    for (const m of stderr.matchAll(/^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt))(?::|$)/gm)) kinds[m[1]] = (kinds[m[1]] ?? 0) + 1;
  }
  return { count, kinds };
}

/** "3 threads died with an exception (BrokenPipeError 2, ConnectionResetError 1)". */
export function describeDeaths(deaths: ThreadDeaths): string {
  const kinds = Object.entries(deaths.kinds).map(([k, n]) => `${k} ${n}`).join(", ");
  return `${deaths.count} thread${deaths.count === 1 ? "" : "s"} died with an exception${kinds ? ` (${kinds})` : ""}`;
}

/**
 * A warning for threads that died without failing the check, or nothing. A traceback's header comes
 * before its exception line, and a busy machine can hold a dying thread between the two: wait (2 s
 * at most) for every death's exception line, so the warning names what killed the threads.
 */
export async function deathWarning(ctx: CheckContext, consequence: string): Promise<void> {
  let deaths = threadDeaths(ctx.stderr);
  for (let waited = 0; deaths.count && kindsSeen(deaths) < deaths.count && waited < 2000; waited += 50) {
    await ctx.sleep(50);
    deaths = threadDeaths(ctx.stderr);
  }
  if (deaths.count) ctx.warnings.push(`${describeDeaths(deaths)} (see stderr). ${consequence}`);
}

const kindsSeen = (deaths: ThreadDeaths) => Object.values(deaths.kinds).reduce((a, b) => a + b, 0);
