// Placeholder replaced below.
import type { Python } from "./python";
import type { Limits, Sandbox, SandboxRun, StartOptions } from "./types";
export class WeakSandbox implements Sandbox {
  readonly mode = "weak" as const;
  readonly warning: string;
  constructor(readonly limits: Limits, private readonly python: Python, why: string) {
    this.warning = why;
  }
  async start(_options: StartOptions): Promise<SandboxRun> {
    throw new Error(`weak mode is not built yet (${this.python.executable})`);
  }
  async close(): Promise<void> {}
}
