// Exercise 4 in both directions, and fairly: the tutorial's stage 4 passes, stage 3 (echo only)
// fails, a chat server written without threads passes, and one that answers only the sender fails.
import { describe, expect, it } from "vitest";
import { sandboxForFile } from "../support/per-file";
import { check, explain } from "./helpers";

const sandbox = sandboxForFile();

describe.concurrent("chat stages", () => {
  it("chatserver4 passes exercise 4, and the report says the sender does not get its own line back", async () => {
    const { report, failure, byId } = await check(sandbox, 4, "chatserver4");
    expect(report.passed, explain(failure)).toBe(true);
    expect(byId("ex4-broadcast").notes.join()).toMatch(/does not send a line back to its sender/);
    // Two resets kill two threads in stage 4: reported, and left for exercise 5.
    expect(byId("ex4-abrupt").warnings.join()).toMatch(/threads? died.*ConnectionResetError.*exercise 5/);
    // Each thread's traceback whole; the second, identical, folded into a count under the first.
    expect(byId("ex4-abrupt").stderr).toMatch(/^Exception in thread Thread-\d+:\nTraceback[^]*\nConnectionResetError: [^\n]*\n\(the same traceback 1 more time, from other threads\)/m);
    const transcripts = byId("ex4-broadcast").transcripts;
    expect(transcripts.map((t) => t.client)).toEqual(["client 1", "client 2", "client 3"]);
    expect(transcripts[1].entries.some((e) => e.kind === "received" && e.text.includes("hello from client 1"))).toBe(true);
  });

  it("chatserver3 fails exercise 4: clients don't receive each other's lines", async () => {
    const { report, failure } = await check(sandbox, 4, "chatserver3");
    expect(report.passed).toBe(false);
    expect(failure?.id).toBe("ex4-broadcast");
    expect(failure?.finding).toBe("clients don't receive each other's lines");
    expect(failure?.happened).toMatch(/said "roll call" in turn.*none of them received a line from another/);
    expect(failure?.hint).toMatch(/list/);
  });

  it("a chat server using selectors instead of threads passes exercise 4, and echoes to the sender", async () => {
    const { report, failure, byId } = await check(sandbox, 4, "chat_selectors");
    expect(report.passed, explain(failure)).toBe(true);
    expect(byId("ex4-broadcast").notes.join()).toMatch(/also sends each line back to its sender/);
    expect(report.checks.every((c) => c.warnings.length === 0)).toBe(true);
  });

  it("a server that echoes only to the sender fails exercise 4: clients don't receive each other's lines", async () => {
    const { report, failure } = await check(sandbox, 4, "echo_to_sender", ["ex4-broadcast"]);
    expect(report.passed).toBe(false);
    expect(failure?.finding).toBe("clients don't receive each other's lines");
  });
});
