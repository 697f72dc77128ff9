// Programs that crash, hang or never listen fail with a clear message, the program's own
// traceback, and in bounded time; a cancelled check stops at once.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sandboxForFile } from "../support/per-file";
import { STRETCH } from "../../server/checks/busy";
import { runChecks } from "../../server/checks";
import { check, programPath } from "./helpers";

const sandbox = sandboxForFile();

describe.concurrent("misbehaving programs", () => {
  it("a program with a syntax error fails at once with its traceback, and the later checks are skipped", async () => {
    const started = Date.now();
    const { report } = await check(sandbox, 3, "syntax_error");
    expect(Date.now() - started).toBeLessThan(5000);
    const [first, ...rest] = report.checks;
    expect(first.status).toBe("fail");
    // The cause first: what Python said, and the line.
    expect(first.finding).toBe("the program crashed before it listened: SyntaxError: '(' was never closed (line 3)");
    expect(first.happened).toMatch(/^The program exited with code 1 at line 3 of syntax_error.py: SyntaxError/);
    expect(first.stderr).toMatch(/^ {2}File "\/lab\/syntax_error.py", line 3/m);
    expect(first.stderr).not.toMatch(/<string>|runpy/);
    expect(rest.map((c) => c.status)).toEqual(["skipped", "skipped"]);
  });

  it("a program that never listens fails within a few seconds (longer when the lab is busy, saying so)", async () => {
    const started = Date.now();
    const { report } = await check(sandbox, 1, "never_listens");
    const busy = report.busy ? STRETCH : 1;
    expect(Date.now() - started).toBeLessThan(10_000 * busy);
    expect(report.checks[0].finding).toBe(`the program did not listen on port 8888 within ${5 * busy} s`);
    if (report.busy) expect(report.checks[0].happened).toMatch(/The lab was busy \(.*\), so it waited longer than the usual 5 s\./);
  });

  it("a program that accepts and then hangs fails on the missing reply, with the client's transcript", async () => {
    const { report } = await check(sandbox, 1, "hangs_after_accept");
    const [echo] = report.checks;
    expect(echo.finding).toBe("the line does not come back"); // one client: not "every client is stuck"
    expect(echo.happened).toMatch(/got nothing back within 3 s/);
    expect(echo.transcripts[0].entries.map((e) => e.kind)).toEqual(["connected", "sent"]);
  });

  it("a program that accepts one client and hangs fails all of exercise 5 well within a minute", async () => {
    const started = Date.now();
    const { report, byId } = await check(sandbox, 5, "hangs_after_accept");
    expect(Date.now() - started).toBeLessThan(45_000 * (report.busy ? STRETCH : 1));
    expect(report.checks.map((c) => c.status)).toEqual(["fail", "fail", "fail", "fail", "pass"]);
    expect(byId("ex5-slow-reader").happened).toMatch(/^Not measured: the three clients did not all receive each other's lines/);
    expect(byId("ex5-stress").finding).toBe("the program stopped accepting connections");
  }, 200_000); // on a busy machine the checks wait longer for a program to accept (and say so)

  it("a program that crashes while serving fails with its traceback", async () => {
    const { failure } = await check(sandbox, 1, "crashes_on_line");
    expect(failure?.finding).toBe("the program crashed: ValueError: invalid literal for int() with base 10: b'hello, server\\r\\n' (line 9)");
    expect(failure?.happened).toMatch(/^The program exited with code 1 at line 9 of crashes_on_line.py: ValueError: invalid literal for int/);
    expect(failure?.hint).not.toMatch(/lock/i);
    expect(failure?.stderr).toMatch(/File "\/lab\/crashes_on_line.py", line 9[^]*ValueError/);
    expect(failure?.exit?.code).toBe(1);
  });

  it("cancelling stops the checks at once and rejects with an AbortError", async () => {
    const controller = new AbortController();
    const source = readFileSync(programPath("chatserver2"), "utf8");
    const running = runChecks(3, source, { sandbox, signal: controller.signal });
    setTimeout(() => controller.abort(), 1500);
    const started = Date.now();
    await expect(running).rejects.toMatchObject({ name: "AbortError" });
    expect(Date.now() - started).toBeLessThan(4000);
  });
});
