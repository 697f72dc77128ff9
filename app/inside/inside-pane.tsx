"use client";
// The workbench's pane beside "Run and test": the timeline of the program running in this slot.
// Folded to a narrow strip until the student opens it (remembered): open, it takes half of the
// run row, and at 1366 px the terminals need that width to stand two side by side.
import { useEffect, useState } from "react";
import { runInSlot, useLab } from "@/app/runs/lab-connection";
import { InsideServer } from "./inside-server";
import styles from "./inside-server.module.css";

const KEY = "lab.inside.open";

export function InsidePane({ slot, onSourceLine }: { slot: string; onSourceLine?: (line: number) => void }) {
  const run = runInSlot(useLab(), slot);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    try {
      setOpen(window.localStorage.getItem(KEY) === "1");
    } catch {
      // storage refused (private mode): the pane starts folded
    }
  }, []);
  const toggle = (next: boolean) => {
    setOpen(next);
    try {
      window.localStorage.setItem(KEY, next ? "1" : "0");
    } catch {
      // not remembered; the pane still opens
    }
  };
  if (!open) {
    return (
      <div className={styles.folded}>
        <button type="button" onClick={() => toggle(true)} aria-expanded={false} title="See the program's threads, sockets, locks and shared list as it runs">
          Show inside the server
        </button>
      </div>
    );
  }
  return (
    <div className={styles.pane}>
      <button type="button" className={styles.hide} onClick={() => toggle(false)} aria-expanded={true}>
        Hide inside the server
      </button>
      <InsideServer run={run} onSourceLine={run?.program.kind === "source" ? onSourceLine : undefined} />
    </div>
  );
}
