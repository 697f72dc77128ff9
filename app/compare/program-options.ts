// The programs /compare can show: the lab's stages (only 0 and 1 when reference solutions are
// hidden) and the student's own version of each exercise from 2 to 5.
export type ProgramOption =
  | { kind: "stage"; key: string; stage: number; fileName: string; label: string }
  | { kind: "own"; key: string; stage: number; fileName: string; label: string; startingFileName: string };

export function programOptions(showReference: boolean): ProgramOption[] {
  const stages = showReference ? [0, 1, 2, 3, 4, 5] : [0, 1];
  return [
    ...stages.map((stage): ProgramOption => ({ kind: "stage", key: `stage-${stage}`, stage, fileName: `chatserver${stage}.py`, label: `chatserver${stage}.py` })),
    ...[2, 3, 4, 5].map((stage): ProgramOption => ({
      kind: "own",
      key: `own-${stage}`,
      stage,
      fileName: `chatserver${stage}.py`,
      label: `Your chatserver${stage}.py (exercise ${stage})`,
      startingFileName: `chatserver${stage - 1}.py`,
    })),
  ];
}
