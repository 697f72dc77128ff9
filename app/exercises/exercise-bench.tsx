"use client";
// The exercise's workbench. Exercises 0 and 1: the Run panel for the stage's program. Exercises
// 2-5: "Your solution" (the editor), then the Run panel, which runs either the student's version or
// a lab program, and whose tracebacks point at lines in the editor.
import { useRef, useState, type ReactNode } from "react";
import { CheckPanel } from "@/app/checks/check-panel";
import { StressPanel } from "@/app/checks/stress-panel";
import { CompareWith } from "@/app/editor/compare-with";
import { SolutionEditor, type SolutionEditorHandle } from "@/app/editor/solution-editor";
import { RunPanel, type ProgramChoice } from "@/app/runs/run-panel";
import { sendToLab } from "@/app/runs/lab-connection";
import type { ProgramSpec } from "@/shared/protocol";
import { programFileName } from "@/shared/stages";
import styles from "./exercise.module.css";

export interface BenchProps {
  stage: number;
  /** Stages whose lab programs this page may run (the reference ones are left out when hidden). */
  labStages: number[];
  editor?: { startingSource: string; startingFileName: string; placeholder: ReactNode; referenceUrl?: string };
}

export function ExerciseBench({ stage, labStages, editor }: BenchProps) {
  const slot = `exercise-${stage}`;
  const handle = useRef<SolutionEditorHandle>(null);
  const [source, setSource] = useState(editor?.startingSource ?? "");
  const own = (text: string): ProgramSpec => ({ kind: "source", name: programFileName(stage), source: text, stage });
  const choices: ProgramChoice[] = [
    ...(editor ? [{ key: "own", label: `Your ${programFileName(stage)} (from the editor)`, spec: () => own(handle.current?.getSource() ?? source) }] : []),
    ...labStages.map((s) => ({ key: `stage-${s}`, label: `${programFileName(s)} (the lab's${s === stage ? "" : `, stage ${s}`})`, spec: (): ProgramSpec => ({ kind: "stage", stage: s }) })),
  ];
  const [choice, setChoice] = useState(choices[0].key);

  return (
    <>
      {editor && (
        <section aria-labelledby={`solution-${stage}`}>
          <h2 id={`solution-${stage}`}>Your solution</h2>
          <SolutionEditor
            ref={handle}
            stage={stage}
            startingSource={editor.startingSource}
            startingFileName={editor.startingFileName}
            placeholder={editor.placeholder}
            onSourceChange={setSource}
            onRun={(text) => {
              setChoice("own");
              sendToLab({ type: "run.start", slot, program: own(text) }, `run:${slot}`);
            }}
          />
          <CompareWith stage={stage} source={source} startingSource={editor.startingSource} startingFileName={editor.startingFileName} referenceUrl={editor.referenceUrl} />
        </section>
      )}
      <section aria-labelledby={`bench-${stage}`} className={styles.bench}>
        <h2 id={`bench-${stage}`}>Try it</h2>
        <RunPanel
          slot={slot}
          choices={choices}
          choice={choice}
          onChoose={setChoice}
          takesInput={stage === 0}
          onSourceLine={editor ? (line) => handle.current?.revealLine(line) : undefined}
        />
        {stage === 5 && <StressPanel slot={slot} />}
      </section>
      {stage >= 1 && (
        <CheckPanel
          exercise={stage}
          what={editor ? `your ${programFileName(stage)} from the editor` : programFileName(stage)}
          program={() => (editor ? own(handle.current?.getSource() ?? source) : { kind: "stage", stage })}
        />
      )}
    </>
  );
}
