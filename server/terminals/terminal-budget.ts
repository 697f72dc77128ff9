// What terminals may carry each way: per run, and per session (the client) for all its runs
// together, so neither a paste loop nor a program that streams to a fast reader can take the lab's
// event loop, which carries every student's terminals, for itself. Past a budget the bridge reads
// more slowly from the side that is over (see rate-limit.ts): only that terminal waits.
import { TokenBucket } from "../sessions/rate-limit";

export interface TerminalBudget {
  /** Browser to program. */
  input: TokenBucket;
  /** Program to browser. */
  output: TokenBucket;
}

/** A session's terminals together may carry this many times one run's rate. */
export const SESSION_TERMINAL_RATES = 4;

const budgets = new WeakMap<object, TerminalBudget>();

function budgetOf(owner: object, bytesPerSecond: number): TerminalBudget {
  let budget = budgets.get(owner);
  if (!budget) {
    // One second's worth may go at once: a pasted program, a screenful of output.
    budget = { input: new TokenBucket(bytesPerSecond, bytesPerSecond), output: new TokenBucket(bytesPerSecond, bytesPerSecond) };
    budgets.set(owner, budget);
  }
  return budget;
}

/** The budgets a terminal of `run` opened by `session` spends from: the run's and the session's. */
export function terminalBudgets(run: object, session: object, bytesPerSecond: number): TerminalBudget[] {
  return [budgetOf(run, bytesPerSecond), budgetOf(session, SESSION_TERMINAL_RATES * bytesPerSecond)];
}

/** Spend `n` bytes from each budget's side; the milliseconds to wait before going on. */
export function spend(budgets: TerminalBudget[], side: keyof TerminalBudget, n: number): number {
  let wait = 0;
  for (const budget of budgets) wait = Math.max(wait, budget[side].take(n));
  return wait;
}
