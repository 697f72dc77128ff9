"use client";
// The exercise's workbench: the Run panel with the programs this exercise can run.
import { RunPanel, type ProgramChoice } from "@/app/runs/run-panel";

export function ExerciseBench({ stage, runsReference }: { stage: number; runsReference: boolean }) {
  const choices: ProgramChoice[] = [];
  const shownStage = runsReference ? stage : stage - 1;
  choices.push({ key: "stage", label: `chatserver${shownStage}.py (the lab's)`, spec: () => ({ kind: "stage", stage: shownStage }) });
  return (
    <section aria-labelledby={`bench-${stage}`}>
      <h2 id={`bench-${stage}`}>Try it</h2>
      <RunPanel slot={`exercise-${stage}`} choices={choices} takesInput={stage === 0} />
    </section>
  );
}
