// The expectations every check is built from: a line comes back, a line reaches these clients.
// On a miss they wait briefly for the program's exit, so "it crashed" beats "no reply" in the
// report, and throw CheckFailed with the check's own words.
import { excerpt } from "./bounded-text";
import type { TelnetClient } from "./client";
import { CheckFailed, REPLY_MS, type CheckContext } from "./harness";

export { REPLY_MS };


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

const show = (text: string) => excerpt(text);

/** The client sends a line and must get exactly that line (with its \r\n) back. */
export async function expectEcho(ctx: CheckContext, client: TelnetClient, line: string, missing: Finding, whenExited: Finding = CRASHED): Promise<void> {
  const before = client.mark();
  client.sendLine(line);
  const wanted = `${line}\r\n`;
  const wait = ctx.replyMs();
  if (await client.waitFor(() => client.since(before).includes(wanted), wait)) return;
  const got = client.since(before);
  const changed = changedReply(line, got);
  if (changed) await failWith(ctx, `${client.name} sent ${show(wanted)} and got ${show(got)} back: ${changed}.`, { finding: `the line comes back changed: ${changed}`, hint: CHANGED_HINT }, whenExited);
  const what = got ? `got only ${show(got)}` : client.state === "open" ? `got nothing back within ${wait / 1000} s` : `got nothing back: ${client.state === "closed by server" ? "the server closed the connection" : "the connection ended"}`;
  if (!got && client.state === "open") await failIfStuck(ctx, `${client.name} sent ${show(wanted)} and ${what}.`);
  await failWith(ctx, `${client.name} sent ${show(wanted)} and ${what}.`, missing, whenExited);
}

const CHANGED_HINT = "Send back exactly the bytes recv() returned (sendall(data)), without decoding, changing, adding or removing anything.";

/** How a reply that is not exactly the line differs from it, in a student's words; null when it is not the line at all. */
export function changedReply(line: string, got: string): string | null {
  if (!got) return null;
  if (got.includes(`${line}\n`)) return "it ends in \\n, not \\r\\n as sent";
  if (got.includes(line)) return got.trim() === line ? "without the \\r\\n it was sent with" : "with something added";
  const lower = got.toLowerCase();
  if (lower.includes(line.toLowerCase())) return got.includes(line.toUpperCase()) ? "in capital letters" : "with its letters in another case";
  if (lower.includes(line.toLowerCase().replace(/\s+/g, ""))) return "without its spaces";
  return "not the line that was sent";
}

/**
 * A reply is missing and the program still runs: each client in turn says a line; one whose line
 * reaches nobody (not even itself) is stuck. All stuck, or some stuck in a program that uses locks,
 * points at threads waiting (for a lock, most often held during recv()), not at a missing feature.
 * Returns when that is not what was seen.
 */
export async function failIfStuck(ctx: CheckContext, happened: string): Promise<void> {
  if (ctx.exitInfo || ctx.run.exitInfo) return;
  const open = ctx.clients.filter((c) => c.open).slice(0, 4);
  if (open.length < 2) return;
  const stuck: TelnetClient[] = [];
  for (const sender of open) {
    const line = `${sender.name} is anyone there?`;
    const marks = open.map((c) => c.mark());
    sender.sendLine(line);
    const heard = await Promise.all(open.map((c, i) => c.waitFor(() => c.since(marks[i]).includes(line), 1000)));
    if (!heard.some(Boolean)) stuck.push(sender);
  }
  const locks = /\b(Lock|RLock|Semaphore|Condition|acquire)\b/.test(ctx.program.source);
  if (stuck.length === 0 || (stuck.length < open.length && !locks)) return;
  const held = recvUnderLock(ctx.program.source);
  const where = held.length ? ` Line ${held[0].call} waits in ${held[0].what}() while holding the lock taken at line ${held[0].lock}.` : "";
  const all = stuck.length === open.length;
  throw new CheckFailed(
    all ? "every client is stuck while the program still runs" : `${stuck.length === 1 ? "one client is" : "some clients are"} stuck while the program still runs`,
    `${happened} Then ${open.map((c) => c.name).join(", ")} each sent a line in turn; ${all ? "none of those lines reached anyone" : `the lines of ${stuck.map((c) => c.name).join(" and ")} reached nobody`} within 1 s, and the program is still running.`,
    locks
      ? `Threads are waiting for a lock that another thread holds while it waits itself.${where} Hold the lock only around the uses of the shared list, never around recv() or accept(), which wait for a client.`
      : "The program runs but serves nobody: look for a thread that waits for something that never comes (a recv() on the wrong socket, a join() on a thread that never ends, a queue nobody fills).",
  );
}

/** Where the source calls recv()/accept() inside a `with lock:` block or between acquire() and release(). */
export function recvUnderLock(source: string): Array<{ lock: number; call: number; what: string }> {
  const found: Array<{ lock: number; call: number; what: string }> = [];
  const held: Array<{ indent: number; line: number; acquired: boolean }> = [];
  source.split("\n").forEach((text, i) => {
    if (!text.trim() || text.trim().startsWith("#")) return;
    const indent = text.length - text.trimStart().length;
    while (held.length && !held.at(-1)!.acquired && indent <= held.at(-1)!.indent) held.pop();
    if (/\.release\(\)/.test(text)) {
      const last = held.map((h) => h.acquired).lastIndexOf(true);
      if (last >= 0) held.splice(last, 1);
    }
    const call = /\.(recv|accept)\(/.exec(text);
    if (call && held.length) found.push({ lock: held.at(-1)!.line, call: i + 1, what: call[1] });
    if (/^\s*with\s+[\w.]*(lock|mutex)\w*\s*:/i.test(text)) held.push({ indent, line: i + 1, acquired: false });
    else if (/^\s*[\w.]*(lock|mutex)\w*\.acquire\(\)/i.test(text)) held.push({ indent, line: i + 1, acquired: true });
  });
  return found;
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
  const starts = recipients.map((r) => r.mark());
  sender.sendLine(line);
  const wait = ctx.replyMs();
  const arrived = await Promise.all(recipients.map((r, i) => r.waitFor(() => r.since(starts[i]).includes(line), wait)));
  const missed = recipients.filter((_, i) => !arrived[i]);
  if (missed.length === 0) return;
  const names = missed.map((c) => c.name).join(" and ");
  const got = recipients.filter((_, i) => arrived[i]).map((c) => c.name);
  const others = got.length ? ` (${got.join(" and ")} did get it)` : "";
  if (!got.length) await failIfStuck(ctx, `${sender.name} sent ${show(line)}; nobody received it within ${wait / 1000} s.`);
  await failWith(ctx, `${sender.name} sent ${show(line)}; ${names} did not receive it within ${wait / 1000} s${others}.`, missing(got.length > 0, missed), whenExited);
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
