"use client";
// The exercise's workbench: the text (rendered on the server) on the left; on the right the
// program above the Run panel. Exercises 0 and 1: the lab's listing and the Run panel for the
// stage's program. Exercises 2-5: "Your solution" (the editor), whose Ctrl+Enter runs it, and a
// Run panel that runs either the student's version or a lab program, and whose tracebacks point
// at lines in the editor.
import { useRef, useState, type ReactNode } from "react";
import { CheckPanel } from "@/app/checks/check-panel";
import { StressPanel } from "@/app/checks/stress-panel";
import { CompareButtons, ComparisonPane, type Against } from "@/app/editor/compare-with";
import { SolutionEditor, type SolutionEditorHandle } from "@/app/editor/solution-editor";
import { RunPanel, type ProgramChoice } from "@/app/runs/run-panel";
import { sendToLab } from "@/app/runs/lab-connection";
import { showRun } from "@/app/workbench/show-run";
import { Workbench } from "@/app/workbench/workbench";
import { useAnswer } from "@/app/answers/use-answer";
import { useAnswerState } from "@/app/answers/answer-store";
import { InsidePane } from "@/app/inside/inside-pane";
import type { ProgramTexts } from "@/app/inside/inside-server";
import { JoinableServers } from "@/app/sharing/joinable-servers";
import { PlainListing } from "@/app/editor/plain-listing";
import type { ProgramSpec } from "@/shared/protocol";
import { isReference, programFileName } from "@/shared/stages";
import { useStartingProgram, type StartingProps } from "./use-starting-program";
import { useTextFollowsAnswers } from "./use-text-follows-answers";
import styles from "./exercise.module.css";

export interface BenchProps {
  stage: number;
  /** The exercise's text, goal, steps and tasks (server-rendered). */
  text: ReactNode;
  /** The stages whose lab programs this page offers (this one, then the one before), and whether each
   * was shown when the page was rendered; the instructor's releases and hides then apply live. */
  labStages: { stage: number; shown: boolean }[];
  /** Exercises 0 and 1: the lab's program, as a listing. */
  listing?: { fileName: string; view: ReactNode; source: string };
  /** Exercises 2-5: the starting program as rendered (it then follows releases live), and its listing. */
  editor?: { starting: StartingProps; placeholder: ReactNode; answerAvailable: boolean };
}

/** Of `candidates`, the stages whose lab programs may run now: a reference program leaves the list
 * when the instructor hides its answer and comes into it when they release it, without a reload. */
function useLabStages(candidates: BenchProps["labStages"]): number[] {
  // One hook per candidate: a page's candidates never change while it is open.
  const states = candidates.map(({ stage, shown }) => useAnswerState(stage, shown ? "on-request" : "hidden"));
  return candidates.filter(({ stage }, i) => !isReference(stage) || states[i] !== "hidden").map(({ stage }) => stage);
}

export function ExerciseBench({ stage, text, labStages: candidates, listing, editor }: BenchProps) {
  const labStages = useLabStages(candidates);
  const starting = useStartingProgram(stage, editor?.starting);
  useTextFollowsAnswers(`${starting?.stage ?? ""}:${labStages.includes(stage)}`);
  const slot = `exercise-${stage}`;
  const handle = useRef<SolutionEditorHandle>(null);
  const [source, setSource] = useState(editor?.starting.source ?? "");
  const own = (text: string): ProgramSpec => ({ kind: "source", name: programFileName(stage), source: text, stage });
  const choices: ProgramChoice[] = [
    ...(editor ? [{ key: "own", label: `Your ${programFileName(stage)}`, spec: () => own(handle.current?.getSource() ?? source) }] : []),
    ...labStages.map((s) => ({ key: `stage-${s}`, label: `${programFileName(s)} (the lab's)`, spec: (): ProgramSpec => ({ kind: "stage", stage: s }) })),
  ];
  const [choice, setChoice] = useState(choices[0].key);
  const [against, setAgainst] = useState<Against | null>(null);
  // The lab programs' lines the timeline may quote: the listing's, the starting program's, and
  // the lab's answer once the student revealed it (never before: its lines are the answer).
  const answer = useAnswer(stage, editor?.answerAvailable ?? false);
  const programs: ProgramTexts = {
    texts: {
      ...(listing ? { [listing.fileName]: listing.source } : {}),
      ...(starting ? { [starting.fileName]: starting.source } : {}),
      ...(answer.status === "ready" ? { [answer.answer.fileName]: answer.answer.program } : {}),
    },
    hidden: "this exercise's answer: its lines show here once you reveal the lab's answer",
  };

  const top = editor && starting ? (
    <>
      {/* Hidden, not unmounted, while a comparison takes its place: the editor keeps its state. */}
      <div className={styles.editorArea} hidden={against !== null}>
        <SolutionEditor
          ref={handle}
          stage={stage}
          startingSource={starting.source}
          startingFileName={starting.fileName}
          startingChange={starting.reason}
          // The server's listing is of the program the page was rendered with.
          placeholder={starting.stage === editor.starting.stage ? editor.placeholder : <PlainListing source={starting.source} />}
          onSourceChange={setSource}
          actions={<CompareButtons stage={stage} answerAvailable={editor.answerAvailable} against={against} onAgainst={setAgainst} />}
          onRun={(text) => {
            setChoice("own");
            if (sendToLab({ type: "run.start", slot, program: own(text) }, `run:${slot}`)) showRun();
          }}
        />
      </div>
      <ComparisonPane
        stage={stage}
        answerAvailable={editor.answerAvailable}
        against={against}
        onAgainst={setAgainst}
        source={source}
        startingSource={starting.source}
        startingFileName={starting.fileName}
      />
    </>
  ) : (
    <div className={styles.listing}>{listing?.view}</div>
  );

  const bottom = (
    <>
      <RunPanel
        slot={slot}
        choices={choices}
        choice={choice}
        onChoose={setChoice}
        takesInput={stage === 0}
        onSourceLine={editor ? (line) => handle.current?.revealLine(line) : undefined}
      />
      {/* Check right below Run: at 1366x768 its bar is in view under the Run panel. */}
      {stage >= 1 && (
        <CheckPanel
          exercise={stage}
          what={editor ? `your ${programFileName(stage)} from the editor` : programFileName(stage)}
          program={() => (editor ? own(handle.current?.getSource() ?? source) : { kind: "stage", stage })}
        />
      )}
      {stage === 5 && <StressPanel slot={slot} />}
      <JoinableServers />
    </>
  );

  return (
    <Workbench
      text={text}
      textTitle={`Exercise ${stage}`}
      top={top}
      topTitle={editor ? `Your solution: ${programFileName(stage)}` : `The program: ${listing?.fileName ?? ""}`}
      bottom={bottom}
      bottomTitle="Run and test"
      beside={<InsidePane slot={slot} onSourceLine={editor ? (line) => handle.current?.revealLine(line) : undefined} programs={programs} />}
    />
  );
}
