"use client";
// One student's row on the class board, dense enough for 200 on a laptop's screen: online dot,
// name (opens their desk), stuck, their help request with how long they have waited and
// "On my way" / "Done", time since last activity, a short cell per exercise, latest traceback.
import { memo } from "react";
import type { BoardCell, BoardRow } from "@/shared/board-messages";
import { ago } from "./board-rows";
import { tellClass } from "./board-connection";
import styles from "./board.module.css";

export const MARK: Record<BoardCell["status"], string> = { "not-started": "·", working: "…", running: "▶", passed: "✓", failed: "✗" };
export const WORDS: Record<BoardCell["status"], string> = { "not-started": "not started", working: "working", running: "program running", passed: "check passed", failed: "check failed" };

function Help({ row, now }: { row: BoardRow; now: number }) {
  const help = row.help;
  if (!help) return null;
  const say = (state: "helping" | "done") => tellClass({ type: "instructor.help", studentId: row.studentId, state });
  return (
    <span className={help.state === "waiting" ? styles.helpWaiting : styles.helpHelping} title={help.message || "(no message)"}>
      {help.state === "waiting" ? `waiting ${now ? ago(help.askedAt, now) : ""}` : "on your way"}
      {help.message && <span className={styles.helpMessage}>“{help.message}”</span>}
      {help.state === "waiting" && (
        <button type="button" className="link-button" onClick={() => say("helping")}>
          On my way
        </button>
      )}
      <button type="button" className="link-button" onClick={() => say("done")}>
        Done
      </button>
    </span>
  );
}

export const BoardRowView = memo(function BoardRowView({ row: r, now, open }: { row: BoardRow; now: number; open: (studentId: string) => void }) {
  return (
    <tr data-student={r.name} className={r.stuck ? styles.stuck : undefined}>
      <th scope="row">
        <span className={r.online ? styles.online : styles.offline} aria-label={r.online ? "online" : "offline"} />
        <button type="button" className={`link-button ${styles.student}`} onClick={() => open(r.studentId)} title={`Look over ${r.name}'s shoulder`}>
          {r.name}
        </button>
        {r.stuck && <span className={styles.stuckTag}>stuck</span>}
      </th>
      <td className={styles.help}>
        <Help row={r} now={now} />
      </td>
      <td className={styles.muted}>{now ? ago(r.lastActivity, now) : ""}</td>
      {r.cells.map((c, n) => (
        <td key={n} className={styles[c.status]} title={`Exercise ${n}: ${WORDS[c.status]}${c.failedCheck ? ` (${c.failedCheck})` : ""}, ${c.checks} checks run`}>
          <span aria-hidden="true">{MARK[c.status]}</span>
          <span className="visually-hidden">{WORDS[c.status]}</span>
          {c.status === "failed" && c.failedCheck && <span className={styles.why}>{c.failedCheck}</span>}
        </td>
      ))}
      <td className={styles.traceback} title={r.traceback}>
        {r.traceback}
      </td>
    </tr>
  );
});
