import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DiffView } from "@/app/diff/diff-view";
import { ProgramListing } from "@/app/programs/program-listing";
import { siteCatalogue as catalogue, sourceOf } from "@/server/stages/catalogue";
import { isStage, programFileName, STAGES } from "@/shared/stages";
import { loadExercise } from "../exercise-content";
import { ExerciseBench } from "../exercise-bench";
import { TaskList } from "../task-list";
import styles from "../exercise.module.css";

export const dynamicParams = false;

export function generateStaticParams() {
  return STAGES.map((stage) => ({ stage: String(stage) }));
}

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

export default async function ExercisePage({ params }: Props) {
  const stage = stageOf((await params).stage);
  const exercise = loadExercise(stage);
  // Exercises 2-5 start from the previous stage's program; with references hidden, from the newest
  // program the lab may still show.
  const startingFile = exercise.starting && programFileName(catalogue.startingStage(stage));
  const shownFile = catalogue.shown(stage) ? exercise.program : startingFile!;
  const startingSource = startingFile ? sourceOf(startingFile) : "";
  return (
    <article className={styles.exercise}>
      <header>
        <p className={styles.kicker}>Exercise {stage}</p>
        <h1>{exercise.title}</h1>
        <p className={styles.summary}>{exercise.summary}</p>
      </header>
      <div className={styles.columns}>
        <div className={styles.text} dangerouslySetInnerHTML={{ __html: exercise.html }} />
        <aside className={styles.program} aria-label="The program">
          <h2>{shownFile === exercise.program ? "The program" : "The starting program"}</h2>
          <ProgramListing source={sourceOf(shownFile)} fileName={shownFile} />
        </aside>
      </div>
      <ExerciseBench
        stage={stage}
        labStages={[stage - 1, stage].filter((s) => catalogue.shown(s)).reverse()}
        editor={
          startingFile
            ? {
                startingSource,
                startingFileName: startingFile,
                placeholder: <ProgramListing source={startingSource} fileName={programFileName(stage)} />,
                referenceUrl: catalogue.shown(stage) ? `/reference/${stage}` : undefined,
              }
            : undefined
        }
      />
      {exercise.starting && catalogue.shown(stage) && (
        <section className={styles.comparison} aria-labelledby={`compare-${stage}`}>
          <h2 id={`compare-${stage}`}>
            Side by side: {exercise.starting} and {exercise.program}
          </h2>
          <DiffView before={sourceOf(exercise.starting)} after={sourceOf(exercise.program)} beforeLabel={exercise.starting} afterLabel={exercise.program} />
        </section>
      )}
      <TaskList stage={stage} tasks={exercise.tasks} showFindings={catalogue.referencesShown()} />
    </article>
  );
}
