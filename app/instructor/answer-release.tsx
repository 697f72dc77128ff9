"use client";
// "Answers" on the class board: per exercise, whether students may see the lab's answer (its
// reference solution, for exercises 2-5, and the lab's findings). A change reaches every student's
// page at once; hidden, nothing of it is sent to their browsers.
import type { AnswerState, AnswerStates } from "@/shared/answer-states";
import { setAnswer } from "./board-connection";
import styles from "./answer-release.module.css";

const CHOICES: Array<{ state: AnswerState; label: string }> = [
  { state: "hidden", label: "hidden" },
  { state: "on-request", label: "on request" },
  { state: "released", label: "released" },
];

export function AnswerRelease({ states }: { states: AnswerStates | null }) {
  if (!states) return null;
  return (
    <fieldset className={styles.answers}>
      <legend title="The lab's solution and findings per exercise: hidden (never sent to students), on request (a student may show it), released (shown on every student's page)">
        Answers
      </legend>
      {states.map((state, exercise) => (
        <label key={exercise} className={styles[state]}>
          Ex {exercise}
          <select aria-label={`Exercise ${exercise}'s answer`} value={state} onChange={(e) => setAnswer(exercise, e.target.value as AnswerState)}>
            {CHOICES.map((c) => (
              <option key={c.state} value={c.state}>
                {exercise < 2 && c.state !== "hidden" ? `findings ${c.label}` : c.label}
              </option>
            ))}
          </select>
        </label>
      ))}
    </fieldset>
  );
}
