"use client";
// The whole class on one 1366×768 screen: a tile per student (200 fit in 7 columns of 29), each
// its name and one mark per exercise, framed when they asked for help or are stuck. The tile's
// title says everything in words; clicking it opens the student's desk.
import { memo } from "react";
import type { BoardRow } from "@/shared/board-messages";
import { ago } from "./board-rows";
import { MARK, WORDS } from "./board-row";
import styles from "./board.module.css";

function describe(r: BoardRow, now: number): string {
  const cells = r.cells.map((c, n) => `Ex ${n}: ${WORDS[c.status]}${c.failedCheck ? ` (${c.failedCheck})` : ""}`).join("; ");
  const help = r.help ? ` Asked for help ${now ? ago(r.help.askedAt, now) : ""} ago${r.help.state === "helping" ? " (you are on your way)" : ""}${r.help.message ? `: “${r.help.message}”` : ""}.` : "";
  return `${r.name}${r.online ? "" : " (offline)"}${r.stuck ? ", stuck" : ""}. ${cells}.${help}${r.traceback ? ` Latest traceback: ${r.traceback}` : ""}`;
}

const Tile = memo(function Tile({ row: r, now, open }: { row: BoardRow; now: number; open: (studentId: string) => void }) {
  const frame = r.help?.state === "waiting" ? styles.tileHelp : r.help ? styles.tileHelping : r.stuck ? styles.tileStuck : "";
  return (
    <li className={`${styles.tile} ${frame}`} data-student={r.name}>
      <button type="button" onClick={() => open(r.studentId)} title={describe(r, now)} aria-label={describe(r, now)}>
        <span className={styles.tileName}>
          {r.help ? "? " : ""}
          {r.name}
        </span>
        <span className={styles.marks} aria-hidden="true">
          {r.cells.map((c, n) => (
            <span key={n} className={styles[c.status]}>
              {MARK[c.status]}
            </span>
          ))}
        </span>
      </button>
    </li>
  );
});

export function BoardGrid({ rows, now, open }: { rows: BoardRow[]; now: number; open: (studentId: string) => void }) {
  return (
    <>
      <p className={styles.legend}>
        Marks per exercise 0–5: ✓ passed, ✗ failed, ▶ running, … working, · not started. <span className={styles.tileHelp}>? asked for help</span>{" "}
        <span className={styles.tileStuck}>stuck</span> (hover for details, click for their desk)
      </p>
      <ol className={styles.grid} aria-label="The class at a glance">
        {rows.map((r) => (
          <Tile key={r.studentId} row={r} now={now} open={open} />
        ))}
      </ol>
    </>
  );
}
