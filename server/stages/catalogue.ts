// The program catalogue: the stages' programs (content/programs/chatserverN.py), their sources, and
// whether each is shown and run right now. One question, asked when a page is rendered or a run
// is started, never a constant: the answer is LAB_REFERENCE's today, and may become a class's or an
// exercise's later (an instructor releasing a solution) without any caller changing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isReference, isStage, programFileName, STAGES, type Stage } from "../../shared/stages";
import { readSetting, type LabConfig } from "../config";
import { CONTENT_DIR } from "../paths";

export interface StageProgram {
  stage: Stage;
  fileName: string;
  /** The solution of the exercise in which a student writes this program (stages 2-5). */
  reference: boolean;
  /** Whether the lab shows and runs it now (a hidden reference is neither shown nor run). */
  shown: boolean;
}

export class ProgramCatalogue {
  constructor(private readonly showReferences: () => boolean) {}

  /** Whether the lab shows and runs this stage's program now. */
  shown(stage: number): boolean {
    return isStage(stage) && (!isReference(stage) || this.showReferences());
  }

  /** Whether the reference solutions (and the lab's findings, which give them away) are shown now. */
  referencesShown(): boolean {
    return this.showReferences();
  }

  programs(): StageProgram[] {
    return STAGES.map((stage) => ({ stage, fileName: programFileName(stage), reference: isReference(stage), shown: this.shown(stage) }));
  }

  /**
   * What an exercise's editor starts from: the stage before it, or while that one is hidden, the
   * newest program shown (chatserver1.py when every reference is hidden).
   */
  startingStage(stage: number): Stage {
    for (let s = stage - 1; s > 0; s--) if (this.shown(s)) return s as Stage;
    return 0;
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

/** The lab server's: its configuration decides. */
export function labCatalogue(config: Pick<LabConfig, "showReference">): ProgramCatalogue {
  return new ProgramCatalogue(() => config.showReference);
}

/** The site's: asks the setting each time a page is rendered (pages are built with it). */
export const siteCatalogue = new ProgramCatalogue(() => readSetting("LAB_REFERENCE"));
