"use client";
// The live class board: a row per student, a column per exercise, counts at the top, sort and
// filter (an exercise, stuck students), the database banner, and the progress as CSV.
import { useEffect, useMemo, useState } from "react";
import type { BoardCell, BoardRow } from "@/shared/board-messages";
import { InstructorServer } from "@/app/sharing/instructor-server";
import { keyFromHash, tellClass, useBoard } from "./board-connection";
import styles from "./board.module.css";

const EXERCISES = [0, 1, 2, 3, 4, 5];
const LABEL: Record<BoardCell["status"], string> = { "not-started": "·", working: "working", running: "running", passed: "passed", failed: "failed" };

function ago(ms: number, now: number): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  return `${Math.floor(s / 3600)} h`;
}

type Sort = "name" | "activity" | "progress";
const passedCount = (r: BoardRow) => r.cells.filter((c) => c.status === "passed").length;

async function downloadCsv(): Promise<void> {
  const response = await fetch("/instructor/progress.csv", { headers: { Authorization: `Bearer ${decodeURIComponent(keyFromHash() ?? "")}` } });
  const url = URL.createObjectURL(await response.blob());
  const a = Object.assign(document.createElement("a"), { href: url, download: "class-progress.csv" });
  a.click();
  URL.revokeObjectURL(url);
}

export function ClassBoardView() {
  const board = useBoard();
  const [sort, setSort] = useState<Sort>("name");
  const [exercise, setExercise] = useState<number | "all">("all");
  const [stuckOnly, setStuckOnly] = useState(false);
  const [now, setNow] = useState(0);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(t);
  }, [board.at]);

  const rows = useMemo(() => {
    const shown = board.rows.filter((r) => (!stuckOnly || r.stuck) && (exercise === "all" || r.cells[exercise].status !== "not-started"));
    const by: Record<Sort, (a: BoardRow, b: BoardRow) => number> = {
      name: (a, b) => a.name.localeCompare(b.name),
      activity: (a, b) => b.lastActivity - a.lastActivity,
      progress: (a, b) => passedCount(a) - passedCount(b) || a.name.localeCompare(b.name),
    };
    return shown.sort(by[sort]);
  }, [board.rows, sort, exercise, stuckOnly]);

  if (board.status === "no-key") return <p className={styles.message}>Open the instructor link the lab printed at start-up: it ends in #key=…</p>;
  if (board.status === "refused") return <p className={styles.message} role="alert">{board.refused}</p>;

  return (
    <section className={styles.board} aria-labelledby="board-title">
      <div className={styles.bar}>
        <h1 id="board-title">Class board</h1>
        <span className={styles.muted} role="status">
          {board.status === "open" ? `${board.rows.length} students, ${board.rows.filter((r) => r.online).length} online, ${board.rows.filter((r) => r.stuck).length} stuck` : "connecting…"}
        </span>
        <label>
          Sort{" "}
          <select value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
            <option value="name">by name</option>
            <option value="activity">latest activity first</option>
            <option value="progress">least progress first</option>
          </select>
        </label>
        <label>
          Exercise{" "}
          <select value={exercise} onChange={(e) => setExercise(e.target.value === "all" ? "all" : Number(e.target.value))}>
            <option value="all">all</option>
            {EXERCISES.map((n) => (
              <option key={n} value={n}>
                started {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={stuckOnly} onChange={(e) => setStuckOnly(e.target.checked)} /> stuck only
        </label>
        <button type="button" onClick={() => void downloadCsv()}>
          Export CSV
        </button>
        <form
          className={styles.announce}
          onSubmit={(e) => {
            e.preventDefault();
            const input = e.currentTarget.elements.namedItem("announce") as HTMLInputElement;
            if (input.value.trim() && tellClass({ type: "instructor.announce", text: input.value.trim() })) input.value = "";
          }}
        >
          <label htmlFor="announce">Announce</label>
          <input id="announce" name="announce" maxLength={500} placeholder="to every student's page" />
          <button type="submit">Send</button>
        </form>
      </div>
      {board.paused && (
        <p className={styles.banner} role="alert">
          {board.paused}
        </p>
      )}
      <div className={styles.scroll} tabIndex={0} role="region" aria-label="Students and their exercises">
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Student</th>
            <th scope="col">Active</th>
            {EXERCISES.map((n) => (
              <th scope="col" key={n}>
                Ex {n}
                <span className={styles.count}>
                  {board.rows.filter((r) => r.cells[n].status === "passed").length} passed · {board.rows.filter((r) => r.cells[n].status === "failed").length} failing
                </span>
              </th>
            ))}
            <th scope="col">Latest traceback</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.studentId} data-student={r.name} className={r.stuck ? styles.stuck : undefined}>
              <th scope="row">
                <span className={r.online ? styles.online : styles.offline} aria-label={r.online ? "online" : "offline"} />
                {r.name}
                {r.stuck && <span className={styles.stuckTag}>stuck</span>}
                <button
                  type="button"
                  className={`link-button ${styles.noteButton}`}
                  aria-label={`Send a note to ${r.name}`}
                  onClick={() => {
                    const text = prompt(`A note to ${r.name}:`)?.trim();
                    if (text) tellClass({ type: "instructor.note", studentId: r.studentId, text: text.slice(0, 500) });
                  }}
                >
                  note
                </button>
              </th>
              <td className={styles.muted}>{now ? ago(r.lastActivity, now) : ""}</td>
              {r.cells.map((c, n) => (
                <td key={n} className={styles[c.status]} title={c.failedCheck ? `failed: ${c.failedCheck} (${c.checks} checks run)` : `${c.checks} checks run`}>
                  {LABEL[c.status]}
                  {c.status === "failed" && c.failedCheck && <span className={styles.why}>{c.failedCheck}</span>}
                </td>
              ))}
              <td className={styles.traceback}>{r.traceback}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      {board.status === "open" && rows.length === 0 && <p className={styles.muted}>{board.rows.length ? "No student matches the filter." : "No student has joined yet."}</p>}
      {board.status === "open" && <InstructorServer />}
    </section>
  );
}
