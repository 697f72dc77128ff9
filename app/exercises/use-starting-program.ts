"use client";
// The program an exercise's editor starts from, live: the page is rendered with one (the stage
// before, or the newest shown), and the instructor's releases and hides then move it. A reference
// program's text comes from /answers/N, which answers only while it may be shown, and is fetched
// only once it is the starting program (the answer store forgets it when it is hidden again).
import { useEffect, useState } from "react";
import { answerFor } from "@/app/answers/answer";
import { useAnswerState } from "@/app/answers/answer-store";
import type { AnswerState } from "@/shared/answer-states";
import { isReference, programFileName, startingStageOf } from "@/shared/stages";
import { startingChangeReason } from "./starting-change";

export interface StartingProps {
  /** The program the page was rendered with. */
  stage: number;
  source: string;
  /** The earlier reference stages, and whether each was shown at render (their answers' states then follow live). */
  candidates: { stage: number; shown: boolean }[];
  /** chatserver1.py, never hidden: what exercises 3-5 fall back to (absent when `source` is it). */
  base?: string;
}

export interface StartingProgram {
  stage: number;
  fileName: string;
  source: string;
  /** Why it is not the one the page was rendered with ("Your instructor released exercise 3's answer"); absent until it changes. */
  reason?: string;
}

const RETRY_MS = 5_000;

export function useStartingProgram(exercise: number, rendered: StartingProps | undefined): StartingProgram | undefined {
  const candidates = rendered?.candidates ?? [];
  // One hook per candidate: a page's candidates never change while it is open.
  const states = candidates.map(({ stage, shown }) => useAnswerState(stage, shown ? "on-request" : "hidden"));
  const stateOf = (s: number): AnswerState => states[candidates.findIndex((c) => c.stage === s)] ?? "hidden";
  const live = startingStageOf(exercise, (s) => stateOf(s) !== "hidden");
  const [current, setCurrent] = useState<StartingProgram | undefined>(rendered && { stage: rendered.stage, fileName: programFileName(rendered.stage), source: rendered.source });
  const key = states.join();

  useEffect(() => {
    if (!rendered || !current || live === current.stage) return;
    const from = current.stage;
    const use = (source: string) => setCurrent({ stage: live, fileName: programFileName(live), source, reason: startingChangeReason(from, live, stateOf) });
    if (live === rendered.stage) return use(rendered.source);
    if (!isReference(live)) return use(rendered.base ?? rendered.source);
    let wanted = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    // A failed fetch (the lab restarting, the wifi dropping) leaves the program as it was for now
    // and is tried again, for as long as this is the program to start from.
    const fetchIt = () =>
      answerFor(live).then(
        (answer) => wanted && use(answer.program),
        () => {
          if (wanted) retry = setTimeout(fetchIt, RETRY_MS);
        },
      );
    void fetchIt();
    return () => {
      wanted = false;
      clearTimeout(retry);
    };
    // stateOf reads `states`, whose values `key` stands for.
  }, [live, key, current, rendered]);

  return current;
}
