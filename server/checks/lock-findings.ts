// Exercise 5's lock, judged from the program's own trace (server/trace/, docs/trace.md): which
// threads changed the shared list, and which locks each held while it did. Pure: events in, a
// finding (or nothing) out, so every rule is tested on its own and on real programs (the corpus).
import type { TraceOf } from "../../shared/trace-events";
import type { Finding } from "./expect";

type ListChange = TraceOf<"list.change">;

export interface LockVerdict extends Finding {
  happened: string;
}

/** Lists by the name the program keeps them under (a rebuilt list gets a new number, not a new name). */
function byList(changes: ListChange[]): Map<string, ListChange[]> {
  const lists = new Map<string, ListChange[]>();
  for (const c of changes) {
    const key = c.name ?? `list ${c.list}`;
    lists.set(key, [...(lists.get(key) ?? []), c]);
  }
  return lists;
}

const threadsOf = (changes: ListChange[]) => [...new Set(changes.map((c) => c.thread))];
const at = (c: ListChange) => `${c.op}${c.line ? ` at line ${c.line}` : ""}`;
const threadName = (t: number) => (t === 0 ? "the main thread" : `thread ${t}`);

const ONE_LOCK_HINT =
  "Make one lock for the whole program, once, at the top (LOCK = threading.Lock()), and hold it with `with LOCK:` around every change to the list (append, remove) and around the loop that walks it; " +
  "a lock made in __init__ or inside the thread's function is a new lock for every client, which excludes nobody.";

/**
 * A finding when a shared list is changed by more than one thread without one lock common to
 * those changes: none held at all, or each thread holding its own. Null when the list is changed
 * by one thread only (one thread with select or asyncio, or a queue with one writer) or every
 * change holds the same lock (a snapshot copied under it is fine).
 */
export function lockFinding(changes: ListChange[], lockNames: Map<number, string>): LockVerdict | null {
  for (const [name, list] of byList(changes)) {
    const threads = threadsOf(list);
    if (threads.length < 2) continue;
    const unlocked = list.filter((c) => c.holding.length === 0);
    if (unlocked.length) {
      const examples = threadsOf(unlocked)
        .slice(0, 3)
        .map((t) => `${threadName(t)} (${at(unlocked.find((c) => c.thread === t)!)})`);
      return {
        finding: `${name} is changed by several threads with no lock held`,
        happened: `While clients joined and left, ${threads.length} threads changed ${name}, and ${unlocked.length} of its ${list.length} changes held no lock: ${examples.join(", ")}.`,
        hint: ONE_LOCK_HINT,
      };
    }
    const common = list.map((c) => new Set(c.holding)).reduce((a, b) => new Set([...a].filter((l) => b.has(l))));
    if (common.size === 0) {
      const perThread = threads.slice(0, 3).map((t) => {
        const locks = [...new Set(list.filter((c) => c.thread === t).flatMap((c) => c.holding))];
        return `${threadName(t)} held lock ${locks.map((l) => `${l}${lockNames.get(l) ? ` (${lockNames.get(l)})` : ""}`).join(", ")}`;
      });
      return {
        finding: `each thread has its own lock, so the lock around ${name} excludes nothing`,
        happened: `While clients joined and left, ${threads.length} threads changed ${name}, each holding a lock, but never the same one: ${perThread.join("; ")}. Two threads can therefore change or walk the list at once.`,
        hint: ONE_LOCK_HINT,
      };
    }
  }
  return null;
}
