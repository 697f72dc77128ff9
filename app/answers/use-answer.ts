"use client";
// Exercise `stage`'s answer once it is shown: fetched then (never before), with retry. `available`
// is what the page was rendered with; the lab's live answer state decides from then on.
import { useCallback, useEffect, useState } from "react";
import { answerFor, type Answer } from "./answer";
import { useAnswerShown } from "./answer-store";

export type AnswerState = { status: "hidden" } | { status: "loading" } | { status: "ready"; answer: Answer } | { status: "failed"; error: string; retry: () => void };

export function useAnswer(stage: number, available: boolean): AnswerState {
  const shown = useAnswerShown(stage, available ? "on-request" : "hidden");
  const [state, setState] = useState<AnswerState>({ status: "hidden" });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  useEffect(() => {
    if (!shown) return setState({ status: "hidden" });
    let current = true;
    setState({ status: "loading" });
    answerFor(stage).then(
      (answer) => current && setState({ status: "ready", answer }),
      (error: unknown) => current && setState({ status: "failed", error: error instanceof Error ? error.message : String(error), retry }),
    );
    return () => {
      current = false;
    };
  }, [shown, stage, attempt, retry]);
  return state;
}
