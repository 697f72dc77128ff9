"use client";
// "The lab's answer" on exercises 2-5: hidden behind one button until the student asks (or the
// instructor releases it); then the programming points and the comparison with the stage before,
// which shows the fix line by line. Nothing of it is in the page before that. While the instructor
// hides it, the whole panel is gone (and goes at once when they hide it).
import { workChanged } from "@/app/class/class-client";
import { DiffView } from "@/app/diff/diff-view";
import { revealAnswer, useAnswerState } from "./answer-store";
import { useAnswer } from "./use-answer";
import styles from "./answer-panel.module.css";

export function AnswerPanel({ stage, available }: { stage: number; available: boolean }) {
  const answer = useAnswer(stage, available);
  const state = useAnswerState(stage, available ? "on-request" : "hidden");
  if (state === "hidden") return null;
  const heading = `answer-${stage}`;
  return (
    <section className={styles.answer} aria-labelledby={heading}>
      <h2 id={heading}>The lab&apos;s answer</h2>
      {state === "released" && <p className={styles.released}>Your instructor has released the lab&apos;s answer to this exercise.</p>}
      {answer.status === "hidden" && (
        <div className={styles.reveal}>
          <p id={`${heading}-warning`}>
            The lab&apos;s <code>chatserver{stage}.py</code>, its comparison with stage {stage - 1}, the programming points and the findings that give the fix
            away. Try your own first: once you have seen them, you cannot unsee them.
          </p>
          <button type="button" aria-describedby={`${heading}-warning`} onClick={() => workChanged(stage, "reveal", revealAnswer(stage))}>
            Show the lab&apos;s answer
          </button>
        </div>
      )}
      {answer.status === "loading" && (
        <p role="status">
          <span className="spinner" aria-hidden="true" /> Fetching the lab&apos;s answer…
        </p>
      )}
      {answer.status === "failed" && (
        <p role="alert" className={styles.problem}>
          The lab&apos;s answer could not be fetched ({answer.error}).{" "}
          <button type="button" className="link-button" onClick={answer.retry}>
            Try again
          </button>
        </p>
      )}
      {answer.status === "ready" && (
        <>
          {answer.answer.pointsHtml && (
            <>
              <h3>Programming points</h3>
              <div dangerouslySetInnerHTML={{ __html: answer.answer.pointsHtml }} />
            </>
          )}
          <h3>
            Side by side: {answer.answer.startingFileName} and {answer.answer.fileName}
          </h3>
          <DiffView before={answer.answer.starting} after={answer.answer.program} beforeLabel={answer.answer.startingFileName} afterLabel={answer.answer.fileName} />
        </>
      )}
    </section>
  );
}
