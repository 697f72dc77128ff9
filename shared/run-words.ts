// A run's state and a program's exit in words: the Run panel's status, the console's last line and
// the checks' findings all say it the same way.
import type { RunState } from "./protocol";

/** How a program ended: "exited with code 1", "was killed by SIGKILL", with the lab's reason if it knows one. */
export function exitWords(exit: { code: number | null; signal: string | null; reason?: string }): string {
  const how = exit.code !== null ? `exited with code ${exit.code}` : `was killed by ${exit.signal ?? "a signal"}`;
  return exit.reason ? `${how} (${exit.reason})` : how;
}

/** readsKeyboard: the program is stage 0's kind, which never listens and waits for lines typed in the console. */
export function describeState(state: RunState | undefined, readsKeyboard = false): { text: string; tone: "idle" | "busy" | "ok" | "bad" } {
  if (!state) return { text: "not running", tone: "idle" };
  switch (state.state) {
    case "starting":
      return state.place
        ? { text: `waiting to start: ${state.place === 1 ? "yours is next" : `number ${state.place} in line`} (the lab starts a few programs at a time)`, tone: "busy" }
        : { text: "starting…", tone: "busy" };
    case "running":
      if (state.ports.length) return { text: `listening on port ${state.ports.join(", ")}`, tone: "ok" };
      return readsKeyboard ? { text: "running: type lines for it below", tone: "ok" } : { text: "running, not listening on any port yet", tone: "busy" };
    case "exited":
      return { text: exitWords(state), tone: state.code === 0 ? "idle" : "bad" };
    case "stopped":
      return { text: `stopped (${state.reason})`, tone: "idle" };
  }
}

export function isLive(state: RunState | undefined): boolean {
  return state?.state === "starting" || state?.state === "running";
}
