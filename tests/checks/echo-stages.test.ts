// Exercises 1-3 in both directions: each stage's own program passes its exercise's checks, and
// the stage before it fails them with the weakness the tutorial names.
import { describe, expect, it } from "vitest";
import { sandboxForFile } from "../support/per-file";
import { check, explain } from "./helpers";

const sandbox = sandboxForFile();

// The runs are mostly waiting (for replies that do not come), so they share the time well.
describe.concurrent("echo stages", () => {
  it("chatserver1 passes exercise 1: a client's line comes back to it unchanged", async () => {
    const { report, failure } = await check(sandbox, 1, "chatserver1");
    expect(report.passed, explain(failure)).toBe(true);
    const [echo] = report.checks;
    const sent = echo.transcripts[0].entries.filter((e) => e.kind === "sent").map((e) => e.text);
    const received = echo.transcripts[0].entries.filter((e) => e.kind === "received").map((e) => e.text).join("");
    expect(echo.transcripts[0].client).toBe("client 1");
    expect(sent).toEqual(["hello, server\r\n", "a second line: 2 + 2 = 4\r\n"]);
    expect(received).toBe(sent.join(""));
  });

  it("chatserver2 passes exercise 2: clients one after another are all served", async () => {
    const { report, failure } = await check(sandbox, 2, "chatserver2");
    expect(report.passed, explain(failure)).toBe(true);
    expect(report.checks.map((c) => c.id)).toEqual(["ex1-echo", "ex2-next-clients"]);
  });

  it("chatserver1 fails exercise 2: the server exits after the first client leaves", async () => {
    const { report, failure } = await check(sandbox, 2, "chatserver1");
    expect(report.passed).toBe(false);
    expect(failure?.id).toBe("ex2-next-clients");
    expect(failure?.finding).toBe("the server exits after the first client leaves");
    expect(failure?.hint).toMatch(/while True/);
    expect(failure?.exit?.code).toBe(0);
    // Client 1 was echoed and left; client 2 found nobody listening, or (if it came in the few ms
    // before the program was gone) a connection that ended with no reply.
    const client2 = failure?.transcripts.find((t) => t.client === "client 2");
    const kinds = client2?.entries.map((e) => e.kind) ?? [];
    expect(kinds.includes("refused") || kinds.at(-1) === "error" || kinds.at(-1) === "closed by server", kinds.join()).toBe(true);
    expect(kinds).not.toContain("received");
  });

  it("chatserver3 passes exercise 3: clients at the same time are all served, one leaving disturbs nobody", async () => {
    const { report, failure } = await check(sandbox, 3, "chatserver3");
    expect(report.passed, explain(failure)).toBe(true);
    // Client 4's reset kills its thread with a traceback: worth a warning, not a failure.
    expect(report.checks.find((c) => c.id === "ex3-leaving")?.warnings.join()).toMatch(/ConnectionResetError/);
  });

  it("chatserver2 fails exercise 3: only one client is served at a time", async () => {
    const { report, failure } = await check(sandbox, 3, "chatserver2");
    expect(report.checks[0].status, explain(report.checks[0])).toBe("pass");
    expect(failure?.id).toBe("ex3-together");
    expect(failure?.finding).toBe("only one client is served at a time");
    expect(failure?.happened).toMatch(/client 2 sent "one from client 2\\r\\n" and got nothing back/);
    expect(failure?.hint).toMatch(/thread/);
  });
});
