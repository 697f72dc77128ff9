// Runs started through the runner interface (server/sandbox/types.ts), as the tests and
// benchmarks that need no lab start them: the sandbox, and the moment a program listens.
import { readConfig } from "../../server/config";
import { createSandbox } from "../../server/sandbox";
import type { Sandbox, SandboxRun } from "../../server/sandbox/types";

/** The strong sandbox with the configured limits. CI proves the strong one: a silent fall-back to the weak one would prove nothing. */
export async function strongSandbox(): Promise<Sandbox> {
  return (await createSandbox(readConfig().limits, "strong")).sandbox;
}

/** Resolves once the run's program listens on `port`; rejects after `timeoutMs`, adding `why()` (its stderr, say). */
export function listening(run: SandboxRun, port = 8888, timeoutMs = 10_000, why: () => string = () => ""): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (ports: readonly number[]) => {
      if (!ports.includes(port)) return;
      clearTimeout(timer);
      run.off("ports", check);
      resolve();
    };
    const timer = setTimeout(() => {
      run.off("ports", check);
      const said = why();
      reject(new Error(`the program did not listen on port ${port} within ${timeoutMs / 1000} s${said ? `: ${said}` : ""}`));
    }, timeoutMs);
    run.on("ports", check);
    check(run.ports);
  });
}
