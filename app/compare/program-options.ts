// The programs /compare can show: the lab's stages (only 0 and 1 when reference solutions are
// hidden) and the student's own version of each exercise from 2 to 5.
import type { ProgramCatalogue } from "@/server/stages/catalogue";
import { programFileName, REFERENCE_STAGES } from "@/shared/stages";

export type ProgramOption =
  | { kind: "stage"; key: string; stage: number; fileName: string; label: string }
  | { kind: "own"; key: string; stage: number; fileName: string; label: string; startingFileName: string };

export function programOptions(catalogue: ProgramCatalogue): ProgramOption[] {
  return [
    ...catalogue.shownStages().map((stage): ProgramOption => ({ kind: "stage", key: `stage-${stage}`, stage, fileName: programFileName(stage), label: programFileName(stage) })),
    // Every exercise a student writes a program in, whether or not its reference is shown.
    ...REFERENCE_STAGES.map((stage): ProgramOption => ({
      kind: "own",
      key: `own-${stage}`,
      stage,
      fileName: programFileName(stage),
      label: `Your ${programFileName(stage)} (exercise ${stage})`,
      startingFileName: programFileName(stage - 1),
    })),
  ];
}
