// What terminals may carry each way: per run, and per client (the student, or a session of no
// student: server/admission/client-budgets.ts) for all its runs together, so neither a paste loop
// nor a program that streams to a fast reader can take the lab's event loop, which carries every
// student's terminals, for itself. Past a budget the bridge reads more slowly from the side that is
// over (see rate-limit.ts): only that terminal waits.
import { TokenBucket } from "../sessions/rate-limit";

export interface TerminalBudget {
  /** Browser to program. */
  input: TokenBucket;
  /** Program to browser. */
  output: TokenBucket;
}

/** One second's worth may go at once: a pasted program, a screenful of output. */
export function terminalBudget(bytesPerSecond: number): TerminalBudget {
  return { input: new TokenBucket(bytesPerSecond, bytesPerSecond), output: new TokenBucket(bytesPerSecond, bytesPerSecond) };
}

const runBudgets = new WeakMap<object, TerminalBudget>();

/** What all of `run`'s terminals together may carry, whoever opened them. */
export function runTerminalBudget(run: object, bytesPerSecond: number): TerminalBudget {
  let budget = runBudgets.get(run);
  if (!budget) runBudgets.set(run, (budget = terminalBudget(bytesPerSecond)));
  return budget;
}

/** The budgets a terminal of `run` spends from: the run's, and its client's (`client`). */
export function terminalBudgets(run: object, client: TerminalBudget, bytesPerSecond: number): TerminalBudget[] {
  return [runTerminalBudget(run, bytesPerSecond), client];
}

/** Spend `n` bytes from each budget's side; the milliseconds to wait before going on. */
export function spend(budgets: TerminalBudget[], side: keyof TerminalBudget, n: number): number {
  let wait = 0;
  for (const budget of budgets) wait = Math.max(wait, budget[side].take(n));
  return wait;
}
