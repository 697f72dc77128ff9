"use client";
// "New terminal" and the terminals of one run, side by side. Terminals follow the slot's current
// run, so Reconnect after a Restart reaches the new program.
import { useState } from "react";
import type { RunView } from "@/app/runs/lab-connection";
import { isLive } from "@/shared/run-words";
import { TerminalPane } from "./terminal-pane";
import styles from "./terminal-grid.module.css";

let nextKey = 0;

export function TerminalGrid({ run }: { run: RunView | undefined }) {
  const [panes, setPanes] = useState<Array<{ key: number; index: number }>>([]);
  const port = run?.state.state === "running" && run.state.ports.length ? run.state.ports[0] : 8888;
  const open = () =>
    setPanes((p) => {
      // Number terminals like a student counts them: the lowest number not in use.
      let index = 1;
      while (p.some((pane) => pane.index === index)) index++;
      return [...p, { key: ++nextKey, index }];
    });

  return (
    <div className={styles.area}>
      <div className={styles.bar}>
        <button type="button" onClick={open} disabled={!run || !isLive(run.state)}>
          New terminal
        </button>
        <span className={styles.hint}>
          {run && isLive(run.state)
            ? `Each terminal connects to port ${port} as \`telnet localhost ${port}\` would. Ctrl+] then quit closes one.`
            : "Run the program, then open terminals to connect to it."}
        </span>
      </div>
      {run && panes.length > 0 && (
        <div className={styles.grid}>
          {panes.map((pane) => (
            <TerminalPane key={pane.key} runId={run.runId} port={port} index={pane.index} onClose={() => setPanes((p) => p.filter((x) => x.key !== pane.key))} />
          ))}
        </div>
      )}
    </div>
  );
}
