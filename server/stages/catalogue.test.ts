// The program catalogue: which programs are references, what is shown, and that "shown" is asked
// each time (an instructor's choice may change while the lab runs), never fixed when it was made.
import { expect, it } from "vitest";
import { isReference, programFileName, REFERENCE_STAGES, STAGES } from "../../shared/stages";
import { allAnswers, type AnswerStates } from "../../shared/answer-states";
import { ProgramCatalogue, sourceOf, stageSource } from "./catalogue";

it("the stages are chatserver0.py to chatserver5.py, and 2-5 are the reference solutions", () => {
  expect(STAGES.map(programFileName)).toEqual(["chatserver0.py", "chatserver1.py", "chatserver2.py", "chatserver3.py", "chatserver4.py", "chatserver5.py"]);
  expect(REFERENCE_STAGES).toEqual([2, 3, 4, 5]);
  expect(STAGES.filter((s) => !isReference(s))).toEqual([0, 1]);
});

it("shows every program while answers may be shown, only 0 and 1 while hidden, and asks each time", () => {
  let states: AnswerStates = allAnswers("on-request");
  const catalogue = new ProgramCatalogue((exercise) => states[exercise]);
  expect(catalogue.shownStages()).toEqual([0, 1, 2, 3, 4, 5]);
  expect(catalogue.startingStage(4)).toBe(3);
  states = allAnswers("hidden");
  expect(catalogue.shownStages()).toEqual([0, 1]);
  expect(catalogue.shown(2)).toBe(false);
  expect(catalogue.findingsShown(1)).toBe(false);
  expect(catalogue.programs().find((p) => p.stage === 3)).toEqual({ stage: 3, fileName: "chatserver3.py", reference: true, shown: false });
  // Exercise 2 starts from chatserver1.py either way; 3-5 from the newest program still shown.
  expect([2, 3, 4, 5].map((s) => catalogue.startingStage(s))).toEqual([1, 1, 1, 1]);
  expect(catalogue.shown(6)).toBe(false);
  expect(catalogue.shown(-1)).toBe(false);
  // One exercise at a time: exercise 3 released, the rest hidden; exercise 4 then starts from chatserver3.py.
  states = ["hidden", "hidden", "hidden", "released", "hidden", "hidden"];
  expect(catalogue.shownStages()).toEqual([0, 1, 3]);
  expect(catalogue.findingsShown(3) && !catalogue.findingsShown(2)).toBe(true);
  expect(catalogue.startingStage(4)).toBe(3);
  expect(catalogue.startingStage(3)).toBe(1);
});

it("reads each program's source, by stage or by the file name an exercise gives", () => {
  expect(stageSource(1)).toContain("accept");
  expect(sourceOf("chatserver1.py")).toBe(stageSource(1));
  expect(() => sourceOf("../secret.py")).toThrow("../secret.py is none of the lab's programs");
  expect(() => stageSource(7)).toThrow("there is no stage 7");
});
