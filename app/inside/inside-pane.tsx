"use client";
// The workbench's pane beside "Run and test": the timeline of the program running in this slot.
// Folded to a narrow strip until the student opens it; whether it is open is part of the
// workbench's remembered layout (pane-layout.ts).
import { runInSlot, useLab } from "@/app/runs/lab-connection";
import { usePaneLayout } from "@/app/workbench/pane-layout";
import { InsideServer, type ProgramTexts } from "./inside-server";
import styles from "./inside-server.module.css";

export function InsidePane({ slot, onSourceLine, programs }: { slot: string; onSourceLine?: (line: number) => void; programs?: ProgramTexts }) {
  const run = runInSlot(useLab(), slot);
  const { layout, fold } = usePaneLayout();
  const open = layout.folded.inside === false;
  const toggle = (next: boolean) => fold("inside", !next);
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
      <InsideServer run={run} onSourceLine={run?.program.kind === "source" ? onSourceLine : undefined} programs={programs} />
    </div>
  );
}
