// The lab's programs: the tutorial's six stages, chatserver0.py … chatserver5.py, and which of them
// are reference solutions. Data and rules only (no files, no DOM, no Node): the server, the pages
// (in the browser too), the check CLI and the scripts all ask here. Reading the programs' sources,
// and whether a reference is shown right now, is server/stages/catalogue.ts's.
export const STAGES = [0, 1, 2, 3, 4, 5] as const;
export type Stage = (typeof STAGES)[number];

export function isStage(value: unknown): value is Stage {
  return STAGES.includes(value as Stage);
}

export function programFileName(stage: number): string {
  return `chatserver${stage}.py`;
}

/**
 * The tutorial gives chatserver0.py and chatserver1.py to run as they are; from stage 2 on, each
 * lab program is the solution of the exercise in which a student writes that program, so an
 * instructor may hide it.
 */
export function isReference(stage: number): boolean {
  return stage >= 2;
}

export const REFERENCE_STAGES: readonly Stage[] = STAGES.filter(isReference);

/**
 * What an exercise's editor starts from: the stage before it, or while that one is hidden, the
 * newest program shown (chatserver1.py when every reference is hidden). Asked by the server when
 * it renders a page and by the page itself as the instructor releases and hides answers.
 */
export function startingStageOf(stage: number, shown: (stage: number) => boolean): Stage {
  for (let s = stage - 1; s > 0; s--) if (!isReference(s) || shown(s)) return s as Stage;
  return 0;
}
