// The lock rules on hand-made traces: each finding, and each design that needs no lock.
import { describe, expect, it } from "vitest";
import type { TraceOf } from "../../shared/trace-events";
import { lockFinding } from "./lock-findings";

let t = 0;
const change = (thread: number, op: TraceOf<"list.change">["op"], holding: number[], name = "CLIENTS", list = 1): TraceOf<"list.change"> => ({
  kind: "list.change", t: ++t, thread, list, name, op, items: [], holding, line: 10 + thread,
});

describe("exercise 5's lock, from the trace", () => {
  it("fails a list several threads change with no lock held, naming the threads and lines", () => {
    const verdict = lockFinding([change(1, "append", []), change(2, "append", []), change(1, "remove", [])], new Map());
    expect(verdict?.finding).toBe("CLIENTS is changed by several threads with no lock held");
    expect(verdict?.happened).toMatch(/thread 1 \(append at line 11\), thread 2 \(append at line 12\)/);
  });

  it("fails a lock that excludes nothing: each thread holds its own", () => {
    const verdict = lockFinding([change(1, "append", [3]), change(2, "append", [5]), change(2, "remove", [5])], new Map([[3, "self.LOCK"], [5, "self.LOCK"]]));
    expect(verdict?.finding).toBe("each thread has its own lock, so the lock around CLIENTS excludes nothing");
    expect(verdict?.happened).toMatch(/thread 1 held lock 3 \(self\.LOCK\); thread 2 held lock 5 \(self\.LOCK\)/);
    expect(verdict?.hint).toMatch(/LOCK = threading\.Lock\(\)/);
  });

  it("fails a list rebuilt by several threads (a new number each time, the same name)", () => {
    const verdict = lockFinding([change(1, "rebuild", [], "clients", 4), change(2, "rebuild", [], "clients", 5)], new Map());
    expect(verdict?.finding).toBe("clients is changed by several threads with no lock held");
  });

  it("passes one lock held by every thread, one thread with no lock (select, asyncio), and one writer thread", () => {
    expect(lockFinding([change(1, "append", [2]), change(2, "append", [2, 7]), change(1, "remove", [2])], new Map())).toBeNull();
    expect(lockFinding([change(0, "append", []), change(0, "remove", [])], new Map())).toBeNull();
    expect(lockFinding([change(3, "append", []), change(3, "remove", []), change(3, "append", [])], new Map())).toBeNull();
  });
});
