"use client";
// "Compare with the starting program", and, once the lab's answer for this exercise is shown (the
// student revealed it, or the instructor released it), "Compare with the lab's answer". The
// buttons sit in the editor's toolbar (CompareButtons); the comparison opens under the editor
// (ComparisonPane). The solution is fetched at that moment, never part of the page; with
// answerAvailable false (the instructor hid the lab's solutions) its button never appears.
import { useAnswer } from "@/app/answers/use-answer";
import { programFileName } from "@/shared/stages";
import { DiffPane } from "./diff-pane";
import styles from "./compare-with.module.css";

export type Against = "starting" | "reference";

export interface CompareProps {
  stage: number;
  /** Whether this lab has an answer to show for the exercise (false when the instructor hid them). */
  answerAvailable: boolean;
  /** The comparison open now, if any, and its setter (null closes it). */
  against: Against | null;
  onAgainst: (against: Against | null) => void;
}

export function CompareButtons({ stage, answerAvailable, against, onAgainst }: CompareProps) {
  const answer = useAnswer(stage, answerAvailable);
  const toggle = (which: Against) => onAgainst(against === which ? null : which);
  return (
    <>
      <button type="button" aria-pressed={against === "starting"} onClick={() => toggle("starting")}>
        Compare with the starting program
      </button>
      {answer.status !== "hidden" && (
        <button type="button" aria-pressed={against === "reference"} onClick={() => toggle("reference")}>
          Compare with the lab&apos;s answer
        </button>
      )}
    </>
  );
}

export interface ComparisonPaneProps extends CompareProps {
  /** The student's current text (from SolutionEditor's onSourceChange). */
  source: string;
  startingSource: string;
  startingFileName: string;
}

export function ComparisonPane({ stage, answerAvailable, against, onAgainst, source, startingSource, startingFileName }: ComparisonPaneProps) {
  const answer = useAnswer(stage, answerAvailable);
  if (!against) return null;
  const fileName = programFileName(stage);
  const ownLabel = `Your ${fileName}`;
  return (
    <section className={styles.compare} aria-label="Compare your program">
      <div className={styles.toolbar}>
        <CompareButtons stage={stage} answerAvailable={answerAvailable} against={against} onAgainst={onAgainst} />
        <button type="button" onClick={() => onAgainst(null)}>
          Close the comparison
        </button>
      </div>
      {against === "starting" && (
        <DiffPane original={startingSource} modified={source} originalLabel={`${startingFileName} (the starting program)`} modifiedLabel={ownLabel} />
      )}
      {against === "reference" && answer.status === "ready" && (
        <DiffPane original={answer.answer.program} modified={source} originalLabel={`${fileName} (the lab's answer)`} modifiedLabel={ownLabel} />
      )}
      {against === "reference" && answer.status === "loading" && (
        <p className={styles.loading} role="status">
          <span className="spinner" aria-hidden="true" /> Fetching the lab&apos;s answer…
        </p>
      )}
      {against === "reference" && answer.status === "failed" && (
        <p className={styles.problem} role="alert">
          The lab&apos;s answer could not be fetched ({answer.error}).{" "}
          <button type="button" className="link-button" onClick={answer.retry}>
            Try again
          </button>
        </p>
      )}
    </section>
  );
}
