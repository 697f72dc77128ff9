"use client";
// The workbench's pane beside "Run and test": the timeline of the program running in this slot.
import { runInSlot, useLab } from "@/app/runs/lab-connection";
import { InsideServer } from "./inside-server";
import styles from "./inside-server.module.css";

export function InsidePane({ slot, onSourceLine }: { slot: string; onSourceLine?: (line: number) => void }) {
  const run = runInSlot(useLab(), slot);
  return (
    <div className={styles.pane}>
      <InsideServer run={run} onSourceLine={run?.program.kind === "source" ? onSourceLine : undefined} />
    </div>
  );
}
