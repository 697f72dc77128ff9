import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AnswerPanel } from "@/app/answers/answer-panel";
import { ProgramListing } from "@/app/programs/program-listing";
import { siteCatalogue as catalogue, sourceOf, stageSource } from "@/server/stages/catalogue";
import { isReference, isStage, programFileName, REFERENCE_STAGES } from "@/shared/stages";
import { loadExercise } from "../exercise-content";
import { ExerciseBench } from "../exercise-bench";
import { TaskList } from "../task-list";
import styles from "../exercise.module.css";

// Rendered at each request: what the page holds depends on which answers the instructor has
// released (exercise 4's editor starts from chatserver3.py only while exercise 3's is not hidden).
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ stage: string }> };

function stageOf(raw: string): number {
  const stage = Number(raw);
  if (!isStage(stage)) notFound();
  return stage;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const exercise = loadExercise(stageOf((await params).stage));
  return { title: `Exercise ${exercise.stage}: ${exercise.title}` };
}

/**
 * Exercises 2-5 show the program the student starts from (the previous stage's, or with
 * references hidden the newest the lab may show) in the editor; the lab's own solution, the
 * comparison that shows the fix and the programming points come only with the lab's answer.
 */
export default async function ExercisePage({ params }: Props) {
  const stage = stageOf((await params).stage);
  const exercise = loadExercise(stage);
  const startingStage = catalogue.startingStage(stage);
  const startingFile = exercise.starting && programFileName(startingStage);
  const startingSource = startingFile ? sourceOf(startingFile) : "";
  // The earlier references, whose release or hiding moves the starting program on the open page.
  const candidates = REFERENCE_STAGES.filter((s) => s < stage).map((s) => ({ stage: s, shown: catalogue.shown(s) }));
  const text = (
    <article className={styles.exercise}>
      <header>
        <h1>{exercise.title}</h1>
        <p className={styles.summary}>{exercise.summary}</p>
      </header>
      <div className={styles.text} dangerouslySetInnerHTML={{ __html: exercise.html }} />
      {isReference(stage) && <AnswerPanel stage={stage} available={catalogue.shown(stage)} />}
      <TaskList stage={stage} tasks={exercise.tasks} showFindings={catalogue.findingsShown(stage)} />
    </article>
  );
  return (
    <ExerciseBench
      stage={stage}
      text={text}
      labStages={[stage, stage - 1].filter((s) => s >= 0).map((s) => ({ stage: s, shown: catalogue.shown(s) }))}
      listing={startingFile ? undefined : { fileName: exercise.program, source: sourceOf(exercise.program), view: <ProgramListing source={sourceOf(exercise.program)} fileName={exercise.program} /> }}
      editor={
        startingFile
          ? {
              // chatserver1.py is never hidden: the page falls back to it without asking the lab.
              starting: { stage: startingStage, source: startingSource, candidates, base: startingStage === 1 ? undefined : stageSource(1) },
              placeholder: <ProgramListing source={startingSource} fileName={programFileName(stage)} />,
              answerAvailable: catalogue.shown(stage),
            }
          : undefined
      }
    />
  );
}
