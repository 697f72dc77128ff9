"use client";
// The live class board: a row per student, a column per exercise, counts at the top, sort and
// filter (an exercise, asked for help, stuck), the database banner, the progress as CSV, and a
// student's desk opened from their name.
import { useCallback, useEffect, useMemo, useState } from "react";
import type { BoardRow } from "@/shared/board-messages";
import { InstructorServer } from "@/app/sharing/instructor-server";
import { AnswerRelease } from "./answer-release";
import { keyFromHash, tellClass, useBoard } from "./board-connection";
import { BoardGrid } from "./board-grid";
import { BoardRowView } from "./board-row";
import { shownRows, type RowChoice, type Show, type Sort } from "./board-rows";
import { StudentDeskView } from "./student-desk-view";
import styles from "./board.module.css";

const EXERCISES = [0, 1, 2, 3, 4, 5];
/** Past this many students the board opens as the grid (the whole class on one screen). */
const GRID_FROM = 60;

async function downloadCsv(): Promise<void> {
  const response = await fetch("/instructor/progress.csv", { headers: { Authorization: `Bearer ${decodeURIComponent(keyFromHash() ?? "")}` } });
  const url = URL.createObjectURL(await response.blob());
  const a = Object.assign(document.createElement("a"), { href: url, download: "class-progress.csv" });
  a.click();
  URL.revokeObjectURL(url);
}

function counts(rows: BoardRow[], n: number): string {
  const of = (status: string) => rows.filter((r) => r.cells[n].status === status).length;
  return `✓${of("passed")} ✗${of("failed")} ▶${of("running")} …${of("working")}`;
}

export function ClassBoardView() {
  const board = useBoard();
  const [choice, setChoice] = useState<RowChoice>({ sort: "name", exercise: "all", show: "everyone" });
  const [watching, setWatching] = useState<string | null>(null);
  const [view, setView] = useState<"auto" | "table" | "grid">("auto");
  const [now, setNow] = useState(0);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(t);
  }, [board.at]);
  const open = useCallback((studentId: string | null) => {
    setWatching(studentId);
    tellClass({ type: "instructor.watch", studentId });
  }, []);

  const rows = useMemo(() => shownRows(board.rows, choice), [board.rows, choice]);
  if (board.status === "no-key") return <p className={styles.message}>Open the instructor link the lab printed at start-up: it ends in #key=…</p>;
  if (board.status === "refused") return <p className={styles.message} role="alert">{board.refused}</p>;
  const waiting = board.rows.filter((r) => r.help?.state === "waiting").length;
  const grid = view === "grid" || (view === "auto" && board.rows.length > GRID_FROM);

  return (
    <section className={styles.board} aria-labelledby="board-title">
      <div className={styles.bar}>
        <h1 id="board-title">Class board</h1>
        <span className={styles.muted} role="status">
          {board.status === "open"
            ? `${board.rows.length} student${board.rows.length === 1 ? "" : "s"}, ${board.rows.filter((r) => r.online).length} online, ${waiting} waiting for help, ${board.rows.filter((r) => r.stuck).length} stuck`
            : "connecting…"}
        </span>
        <label>
          Show{" "}
          <select value={choice.show} onChange={(e) => setChoice({ ...choice, show: e.target.value as Show })}>
            <option value="everyone">everyone</option>
            <option value="help">asked for help</option>
            <option value="stuck">stuck</option>
          </select>
        </label>
        <label>
          Exercise{" "}
          <select value={choice.exercise} onChange={(e) => setChoice({ ...choice, exercise: e.target.value === "all" ? "all" : Number(e.target.value) })}>
            <option value="all">all</option>
            {EXERCISES.map((n) => (
              <option key={n} value={n}>
                started {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sort{" "}
          <select value={choice.sort} onChange={(e) => setChoice({ ...choice, sort: e.target.value as Sort })}>
            <option value="name">by name</option>
            <option value="help">help queue</option>
            <option value="activity">latest activity</option>
            <option value="progress">least progress</option>
            <option value="exercise" disabled={choice.exercise === "all"}>
              exercise, failing first
            </option>
          </select>
        </label>
        <label>
          View{" "}
          <select value={grid ? "grid" : "table"} onChange={(e) => setView(e.target.value as "table" | "grid")}>
            <option value="grid">whole class</option>
            <option value="table">table</option>
          </select>
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
      <AnswerRelease states={board.answers} />
      {board.paused && (
        <p className={styles.banner} role="alert">
          {board.paused}
        </p>
      )}
      {grid && (
        <p className={styles.counts}>
          {EXERCISES.map((n) => (
            <span key={n}>
              <strong>Ex {n}</strong> {counts(board.rows, n)}
            </span>
          ))}
        </p>
      )}
      {grid && <BoardGrid rows={rows} now={now} open={open} />}
      {!grid && (
        <div className={styles.scroll} tabIndex={0} role="region" aria-label="Students and their exercises">
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Help</th>
                <th scope="col">Active</th>
                {EXERCISES.map((n) => (
                  <th scope="col" key={n}>
                    Ex {n}
                    <span className={styles.count}>{counts(board.rows, n)}</span>
                  </th>
                ))}
                <th scope="col">Latest traceback</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <BoardRowView key={r.studentId} row={r} now={now} open={open} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {board.status === "open" && rows.length === 0 && <p className={styles.muted}>{board.rows.length ? "No student matches the filter." : "No student has joined yet."}</p>}
      {watching && <StudentDeskView studentId={watching} desk={board.desk?.studentId === watching ? board.desk : undefined} history={board.history} close={() => open(null)} />}
      {board.status === "open" && <InstructorServer />}
    </section>
  );
}
