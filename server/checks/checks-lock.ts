// Exercise 5's lock, checked on the lock itself: the program runs traced while clients join, chat
// and leave (politely and with a reset), and the trace says which threads changed the shared list
// holding which locks. Passing a stress test proves little: CPython's GIL hides most races, so a
// lock that excludes nothing (each thread has its own) would pass one. Designs that need no lock
// (one thread with select or asyncio, a queue with one writer thread) pass: one thread changes the list.
import type { CheckDefinition } from "./definition";
import { CheckFailed } from "./harness";
import { lockFinding } from "./lock-findings";

export const oneLock: CheckDefinition = {
  id: "ex5-lock",
  name: "one lock guards the shared list of clients",
  expected:
    "Clients 1-4 join at once and chat; client 2 leaves, client 3 resets its connection, clients 5 and 6 join, and everyone leaves. " +
    "Every change several threads make to the shared list of clients happens while they hold the same lock (a program whose list only one thread changes needs none).",
  traced: true,
  timeoutMs: 20_000,
  async run(ctx) {
    const first = await Promise.all([1, 2, 3, 4].map(() => ctx.connect()));
    await ctx.sleep(200);
    for (const c of first) c.sendLine(`${c.name} says hello`);
    await ctx.sleep(300);
    await first[1].leave();
    first[2].reset();
    const more = await Promise.all([5, 6].map(() => ctx.connect()));
    await ctx.sleep(200);
    for (const c of [first[0], first[3], ...more]) c.sendLine(`${c.name} is still here`);
    await ctx.sleep(300);
    await Promise.all([first[0], first[3], ...more].map((c) => c.leave()));
    await ctx.sleep(300);
    const trace = ctx.trace!;
    await trace.settle();
    if (trace.status.state === "lost") {
      throw new CheckFailed(
        "the lab could not see inside the program",
        `This check needs the trace of your program, and it stopped: ${trace.status.message ?? "the tracer went away"}.`,
        "Leave the lab's tracer alone: it is how the lab sees your threads, locks and list.",
      );
    }
    if (trace.status.state === "waiting") {
      ctx.notes.push("The lab could not trace this program, so its lock was not checked.");
      return "Not judged: the program could not be traced.";
    }
    const verdict = lockFinding(trace.changes, trace.lockNames);
    if (verdict) throw new CheckFailed(verdict.finding, verdict.happened, verdict.hint);
    const threads = new Set(trace.changes.map((c) => c.thread));
    const names = [...new Set(trace.changes.map((c) => c.name ?? "the list"))].join(", ");
    if (trace.changes.length === 0) {
      // The tracer sees a list once a socket is put in it with a method (append, insert, ...).
      ctx.notes.push("The lab saw no shared list of client sockets being changed (it sees append, remove and the like, and a list rebuilt after one of those), so the lock was not judged.");
      return "Not judged: no shared list of client sockets was seen changing.";
    }
    if (threads.size < 2) return `Only one thread ever changed ${names} (${trace.changes.length} changes): no lock is needed for that.`;
    const lock = trace.changes[0].holding.find((l) => trace.changes.every((c) => c.holding.includes(l)))!;
    return `${threads.size} threads changed ${names} (${trace.changes.length} changes), always holding the same lock (${trace.lockNames.get(lock) ?? `lock ${lock}`}).`;
  },
};
