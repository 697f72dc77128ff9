"use client";
// "Your findings" for one task, kept in the browser as it is typed (like the program drafts), and
// the lab's findings behind a button that works only once the student has written something of
// their own. With neither findingsHtml nor findingsUrl, or while the instructor hides them, no button.
import { useEffect, useId, useRef, useState } from "react";
import { createDebouncedSaver, flushWhenPageHides, type DebouncedSaver } from "@/app/drafts/debounced-saver";
import { useAnswerShown, useAnswerState } from "@/app/answers/answer-store";
import { onOtherText, workChanged, workTyping } from "@/app/class/class-client";
import { browserStorage, loadNote, saveNote } from "@/app/drafts/draft-store";
import styles from "./task-notes.module.css";

export interface TaskNotesProps {
  stage: number;
  taskId: string;
  /** The lab's findings as HTML (trusted: written by the lab's authors). */
  findingsHtml?: string;
  /** Or where to fetch them when revealed: text/html is shown as HTML, anything else as text. */
  findingsUrl?: string;
  /** Whether findingsUrl's findings were shown when the page was rendered; the lab's answer state decides from then on. */
  findingsShown?: boolean;
  /** The findings give the exercise's fix away: they wait until the lab's answer is shown. */
  withAnswer?: boolean;
}

type Findings = { status: "loading" } | { status: "ready"; html?: string; text?: string } | { status: "failed"; error: string };

export function TaskNotes({ stage, taskId, findingsHtml, findingsUrl, findingsShown = true, withAnswer = false }: TaskNotesProps) {
  const id = useId();
  const [text, setText] = useState("");
  const [loaded, setLoaded] = useState(false);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [findings, setFindings] = useState<Findings | null>(null);
  const saver = useRef<DebouncedSaver<string> | null>(null);
  const shown = useRef<HTMLElement>(null);

  useEffect(() => {
    const note = loadNote(browserStorage(), stage, taskId);
    setText(note.text);
    setNotice(note.notice);
    setLoaded(true);
    const active = createDebouncedSaver<string>((value) => {
      setNotice(saveNote(browserStorage(), stage, taskId, value).notice);
      workChanged(stage, `note:${taskId}`, value);
    }, 300);
    saver.current = active;
    const stopListening = flushWhenPageHides(active.flush);
    // Findings written on another tab or computer of the same student (this one had no unsaved changes).
    const stopHearing = onOtherText((exercise, item, value) => {
      if (exercise === stage && item === `note:${taskId}` && !active.pending) setText(value);
    });
    return () => {
      stopListening();
      stopHearing();
      active.flush(); // leaving the page by a link fires no pagehide
      saver.current = null;
    };
  }, [stage, taskId]);

  // Focus moves to the findings once they appear (the button that was focused is gone).
  const ready = findings?.status === "ready";
  useEffect(() => {
    if (ready) shown.current?.focus();
  }, [ready]);

  const hidden = useAnswerState(stage, findingsShown ? "on-request" : "hidden") === "hidden";
  const hasFindings = findingsHtml !== undefined || (findingsUrl !== undefined && !hidden);
  // The instructor hid them: the findings leave the page.
  useEffect(() => {
    if (hidden && findingsUrl !== undefined) setFindings(null);
  }, [hidden, findingsUrl]);
  const written = text.trim() !== "";
  const answerShown = useAnswerShown(stage);
  const waiting = withAnswer && !answerShown;
  const why = waiting ? "These findings give the fix away: they come with the lab's answer (Show the lab's answer)." : !written ? "Write down what you found first." : null;

  async function reveal() {
    if (findingsHtml !== undefined) return setFindings({ status: "ready", html: findingsHtml });
    if (!findingsUrl) return;
    setFindings({ status: "loading" });
    try {
      const response = await fetch(findingsUrl, { cache: "no-store" });
      if (!response.ok) throw new Error(`the lab answered ${response.status} ${response.statusText}`.trim());
      const body = await response.text();
      const isHtml = (response.headers.get("content-type") ?? "").includes("html");
      setFindings({ status: "ready", ...(isHtml ? { html: body } : { text: body }) });
    } catch (error) {
      setFindings({ status: "failed", error: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <div className={styles.notes}>
      <label htmlFor={`${id}-text`} className={styles.label}>
        Your findings
      </label>
      <textarea
        id={`${id}-text`}
        className={styles.text}
        value={text}
        // Read-only until the saved note is read, so nothing typed in that instant is overwritten.
        readOnly={!loaded}
        rows={4}
        onChange={(e) => {
          setText(e.target.value);
          if (!saver.current?.pending) workTyping(stage, `note:${taskId}`);
          saver.current?.schedule(e.target.value);
        }}
        aria-describedby={notice ? `${id}-notice` : undefined}
      />
      {notice && (
        <p id={`${id}-notice`} className={styles.problem} role="status">
          {notice}
        </p>
      )}
      {hasFindings && findings?.status !== "ready" && (
        <div className={styles.reveal}>
          <button type="button" disabled={why !== null || findings?.status === "loading"} aria-describedby={why ? `${id}-why` : undefined} onClick={() => void reveal()}>
            Compare with the lab&apos;s findings
          </button>
          {why && (
            <span id={`${id}-why`} className={styles.why}>
              {why}
            </span>
          )}
          {findings?.status === "loading" && <span className={styles.why} role="status">Fetching the lab&apos;s findings…</span>}
          {findings?.status === "failed" && (
            <span className={styles.problem} role="alert">
              The lab&apos;s findings could not be fetched ({findings.error}); try the button again.
            </span>
          )}
        </div>
      )}
      {findings?.status === "ready" && (
        <section className={styles.findings} aria-labelledby={`${id}-findings`} tabIndex={-1} ref={shown}>
          <h3 id={`${id}-findings`}>The lab&apos;s findings</h3>
          {findings.html !== undefined ? <div dangerouslySetInnerHTML={{ __html: findings.html }} /> : <p className={styles.plain}>{findings.text}</p>}
        </section>
      )}
    </div>
  );
}
