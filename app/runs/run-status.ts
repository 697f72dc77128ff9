// A run's state in the words the Run panel shows.
import type { RunState } from "@/shared/protocol";

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
    case "exited": {
      const how = state.code !== null ? `exited with code ${state.code}` : `killed by ${state.signal}`;
      return { text: state.reason ? `${how}: ${state.reason}` : how, tone: state.code === 0 ? "idle" : "bad" };
    }
    case "stopped":
      return { text: `stopped (${state.reason})`, tone: "idle" };
  }
}

export function isLive(state: RunState | undefined): boolean {
  return state?.state === "starting" || state?.state === "running";
}
