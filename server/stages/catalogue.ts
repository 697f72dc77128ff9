// The program catalogue: the stages' programs (content/programs/chatserverN.py), their sources, and
// whether each is shown and run right now. One question, asked when a page is rendered or a run
// is started, never a constant: an exercise's answer state (shared/answer-states.ts), which
// LAB_REFERENCE sets at start and the instructor changes live from the board.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isReference, isStage, programFileName, STAGES, startingStageOf, type Stage } from "../../shared/stages";
import type { AnswerState } from "../../shared/answer-states";
import { CONTENT_DIR } from "../paths";
import { publishedAnswerStates } from "./published-answers";

export interface StageProgram {
  stage: Stage;
  fileName: string;
  /** The solution of the exercise in which a student writes this program (stages 2-5). */
  reference: boolean;
  /** Whether the lab shows and runs it now (a hidden reference is neither shown nor run). */
  shown: boolean;
}

export class ProgramCatalogue {
  constructor(private readonly answerState: (exercise: number) => AnswerState) {}

  /** Whether the lab shows and runs this stage's program now (a reference: unless its exercise's answer is hidden). */
  shown(stage: number): boolean {
    return isStage(stage) && (!isReference(stage) || this.answerState(stage) !== "hidden");
  }

  /** Whether the lab's findings for this exercise's tasks may reach students now. */
  findingsShown(stage: number): boolean {
    return isStage(stage) && this.answerState(stage) !== "hidden";
  }

  programs(): StageProgram[] {
    return STAGES.map((stage) => ({ stage, fileName: programFileName(stage), reference: isReference(stage), shown: this.shown(stage) }));
  }

  /** What exercise `stage`'s editor starts from, with this lab's answers as they are now (startingStageOf). */
  startingStage(stage: number): Stage {
    return startingStageOf(stage, (s) => this.shown(s));
  }

  /** The stages whose programs are shown now. */
  shownStages(): Stage[] {
    return STAGES.filter((stage) => this.shown(stage));
  }
}

const sources = new Map<number, string>();

/** A stage's program, read once. Whether it may be shown or run is ProgramCatalogue.shown's question. */
export function stageSource(stage: number): string {
  if (!isStage(stage)) throw new Error(`there is no stage ${stage}: the stages are ${STAGES.join(", ")}`);
  let source = sources.get(stage);
  if (source === undefined) {
    source = readFileSync(join(CONTENT_DIR, "programs", programFileName(stage)), "utf8");
    sources.set(stage, source);
  }
  return source;
}

/** The program an exercise's frontmatter names by file (chatserverN.py). */
export function sourceOf(fileName: string): string {
  const stage = STAGES.find((s) => programFileName(s) === fileName);
  if (stage === undefined) throw new Error(`${fileName} is none of the lab's programs`);
  return stageSource(stage);
}

/** The site's: asks the states the lab server published, each time a page is rendered. */
export const siteCatalogue = new ProgramCatalogue((exercise) => publishedAnswerStates()[exercise] ?? "hidden");
