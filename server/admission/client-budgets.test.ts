import { expect, it } from "vitest";
import { ClientBudgets } from "./client-budgets";

const RATES = { controlMessagesPerSecond: 10, controlBytesPerSecond: 1000, terminalBytesPerSecond: 1000 };

it("two sessions of one student spend one budget; a session of no student and another student have their own", () => {
  const budgets = new ClientBudgets(RATES);
  const sam = { id: "s" };
  const home = { id: "a", student: sam };
  const school = { id: "b", student: sam };
  expect(budgets.control(school)).toBe(budgets.control(home));
  expect(budgets.terminal(school)).toBe(budgets.terminal(home));
  // Spent from one session, gone for the other.
  expect(budgets.terminal(home).input.take(4000)).toBe(0);
  expect(budgets.terminal(school).input.take(1000)).toBeGreaterThan(0);
  expect(budgets.terminal({ id: "c", student: { id: "t" } }).input.take(1000)).toBe(0);
  expect(budgets.terminal({ id: "d", student: null }).input.take(1000)).toBe(0);
  // A session of no student is a client of its own, not its student's once it joins.
  expect(budgets.control({ id: "a", student: null })).not.toBe(budgets.control(home));
});

it("forgets only budgets refilled to the full, so minted sessions do not grow it without bound", () => {
  const budgets = new ClientBudgets(RATES);
  const busy = { id: "busy", student: null };
  budgets.control(busy).bytes.take(10_000);
  for (let i = 0; i < 1000; i++) budgets.control({ id: `minted-${i}`, student: null });
  expect(budgets.clients).toBeLessThanOrEqual(257);
  // The busy client's debt is still there: a new bucket would have its burst.
  expect(budgets.control(busy).bytes.take(1)).toBeGreaterThan(0);
});
