"use client";
// "New terminal" and the terminals of one run slot. Terminals follow the slot's current run: after
// Restart, Run again or Ctrl+Enter they connect to the new program by themselves once it listens.
// They outlive a reload too: which were open and their screens' text come back (terminal-memory).
import { useEffect, useRef, useState } from "react";
import type { RunView } from "@/app/runs/lab-connection";
import { isLive } from "@/shared/run-words";
import type { TerminalMode } from "./line-discipline";
import { newTerminalId, recallTerminals, rememberTerminals } from "./terminal-memory";
import { TerminalPane, type TerminalSnapshot } from "./terminal-pane";
import styles from "./terminal-grid.module.css";

let nextKey = 0;

interface PaneEntry {
  key: number;
  index: number;
  /** The terminal's name for the lab, kept across a reload (the lab keeps its connection a while). */
  id: string;
  /** Restored after a reload: the screen's text and mode from before it. */
  restored?: { text: string; mode: TerminalMode };
  /** Opened by New terminal just now: it takes the keyboard. */
  focus?: boolean;
}

export function TerminalGrid({ slot, run }: { slot: string; run: RunView | undefined }) {
  const [panes, setPanes] = useState<PaneEntry[]>([]);
  const snapshots = useRef(new Map<number, () => TerminalSnapshot>());
  const withId = (pane: PaneEntry) => {
    const snap = snapshots.current.get(pane.key)?.();
    return snap ? [{ ...snap, id: pane.id }] : [];
  };
  const listening = run?.state.state === "running" && run.state.ports.length > 0;
  // Between a Restart's "old run removed" and "new run created" the slot has no run for a moment:
  // the terminals stay (showing the old connection closed) and follow the new run when it comes.
  const lastRun = useRef(run?.runId);
  if (run) lastRun.current = run.runId;
  const runId = run?.runId ?? lastRun.current;
  const port = run?.state.state === "running" && run.state.ports.length ? run.state.ports[0] : 8888;

  // xterm.js is loaded before the first New terminal, so the screen is there at once.
  useEffect(() => void Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit")]), []);

  // Back after a reload: the terminals that were open, with their text.
  useEffect(() => {
    setPanes(recallTerminals(slot).map((p) => ({ key: ++nextKey, index: p.index, id: p.id ?? newTerminalId(), restored: { text: p.text, mode: p.mode } })));
  }, [slot]);

  // Written when the page goes away (reload, another page) and whenever the set of terminals changes.
  const panesRef = useRef(panes);
  useEffect(() => {
    panesRef.current = panes;
    const save = () => rememberTerminals(slot, panesRef.current.flatMap(withId));
    window.addEventListener("pagehide", save);
    return () => window.removeEventListener("pagehide", save);
  }, [slot, panes]);

  const open = () =>
    setPanes((p) => {
      // Number terminals like a student counts them: the lowest number not in use.
      let index = 1;
      while (p.some((pane) => pane.index === index)) index++;
      return [...p, { key: ++nextKey, index, id: newTerminalId(), focus: true }];
    });
  const close = (key: number) => {
    snapshots.current.delete(key);
    setPanes((p) => {
      const left = p.filter((x) => x.key !== key);
      rememberTerminals(slot, left.flatMap(withId));
      return left;
    });
  };

  return (
    <div className={styles.area}>
      <div className={styles.bar}>
        <button type="button" onClick={open} disabled={!run || !isLive(run.state)}>
          New terminal
        </button>
        <span className={styles.hint}>
          {run && isLive(run.state) ? (
            <>
              Each is <code>telnet localhost {port}</code>. <kbd>Ctrl</kbd>+<kbd>]</kbd> then <code>quit</code> closes one; <kbd>Esc</kbd> then <kbd>Tab</kbd> leaves it.
            </>
          ) : (
            "Run the program, then open terminals to connect to it."
          )}
        </span>
      </div>
      {runId && panes.length > 0 && (
        <div className={styles.grid}>
          {panes.map((pane) => (
            <TerminalPane
              key={pane.key}
              runId={runId}
              port={port}
              listening={listening}
              index={pane.index}
              terminalId={pane.id}
              restored={pane.restored}
              focus={pane.focus}
              snapshot={(take) => (take ? snapshots.current.set(pane.key, take) : snapshots.current.delete(pane.key))}
              onClose={() => close(pane.key)}
            />
          ))}
        </div>
      )}
    </div>
  );
}
