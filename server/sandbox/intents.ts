// Start intents (StartOptions) become environment for the lab's sitecustomize.py (site/), which
// Python runs before the program: the same on every backend, and nothing in the program's command
// line, so the program still runs as its own file with its own tracebacks.
import type { StartOptions } from "./types";

/** The environment that carries the intents out; empty when none is asked for. Throws on one out of range. */
export function intentEnv(options: StartOptions): Record<string, string> {
  const env: Record<string, string> = {};
  const interval = options.threadSwitchInterval;
  if (interval !== undefined) {
    if (!(interval >= 1e-6 && interval <= 1)) throw new Error(`threadSwitchInterval ${interval} is out of range: use 1e-6 to 1 seconds`);
    env.LAB_SWITCH_INTERVAL = String(interval);
  }
  if (options.wholeThreadTracebacks) env.LAB_THREAD_TRACEBACKS = "1";
  return env;
}
