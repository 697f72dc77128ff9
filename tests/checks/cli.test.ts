// `npm run check`: the real command, as a student or instructor runs it with no lab server.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CheckReport } from "../../shared/check-report";
import { ROOT, programPath } from "./helpers";

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The same command line as `npm run check -- ...`, without npm's own chatter. */
function cli(...args: string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), join(ROOT, "server/checks/cli.ts"), ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

// Each command compiles the checks with tsx, and five run at once: slow on a busy 2-core machine.
describe.concurrent("npm run check", { timeout: 180_000 }, () => {
  it("exits 0 and says so when every check passes", async () => {
    const { code, stdout } = await cli("--exercise", "1", programPath("chatserver1"));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Exercise 1: chatserver1\.py \(isolated run: .*namespaces/);
    expect(stdout).toMatch(/PASS {2}a client's line comes back to it unchanged/);
    expect(stdout).toMatch(/All 1 checks passed/);
  });

  it("exits 1 and prints the finding, expected, happened, hint and transcript when a check fails", async () => {
    const { code, stdout } = await cli("-e", "2", programPath("chatserver1"));
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAIL {2}clients one after another are all served/);
    expect(stdout).toMatch(/the server exits after the first client leaves/);
    expect(stdout).toMatch(/Expected: Client 1 connects/);
    expect(stdout).toMatch(/Happened: client 2 (was refused|sent)/);
    expect(stdout).toMatch(/Hint: {5}Put accept\(\)/);
    expect(stdout).toMatch(/client 1:\n.*connected[^]*sent {6}"line from client 1\\r\\n"[^]*client 2:\n.*(refused|connected)/);
    expect(stdout).toMatch(/1 of 2 checks passed/);
  });

  it("prints the machine-readable report with --json", async () => {
    const { code, stdout } = await cli("--exercise=2", "--json", programPath("chatserver1"));
    expect(code).toBe(1);
    const report = CheckReport.parse(JSON.parse(stdout));
    expect(report).toMatchObject({ exercise: 2, fileName: "chatserver1.py", passed: false, isolation: { isolated: true } });
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([["ex1-echo", "pass"], ["ex2-next-clients", "fail"]]);
  });

  it("--help explains the command and lists each exercise's checks", async () => {
    const { code, stdout } = await cli("--help");
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: npm run check -- --exercise N/);
    expect(stdout).toMatch(/5: ex4-broadcast/);
  });

  it("says clearly what is wrong with a missing file or bad arguments, and exits 2", async () => {
    const [missing, badExercise, noExercise, unknown] = await Promise.all([
      cli("--exercise", "3", "no/such/program.py"),
      cli("--exercise", "7", programPath("chatserver1")),
      cli(programPath("chatserver1")),
      cli("--exercise", "1", "--fast", programPath("chatserver1")),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file: no\/such\/program\.py/);
    expect(badExercise.code).toBe(2);
    expect(badExercise.stderr).toMatch(/the exercises are numbered 1 to 5/);
    expect(noExercise.stderr).toMatch(/--exercise N/);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--fast'/);
  });
});
