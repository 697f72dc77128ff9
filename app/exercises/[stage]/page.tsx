import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ProgramListing } from "@/app/programs/program-listing";
import { loadExercise, loadProgram, referenceShown, STAGE_NUMBERS } from "../exercise-content";
import { ExerciseBench } from "../exercise-bench";
import { TaskList } from "../task-list";
import styles from "../exercise.module.css";

export const dynamicParams = false;

export function generateStaticParams() {
  return STAGE_NUMBERS.map((stage) => ({ stage: String(stage) }));
}

type Props = { params: Promise<{ stage: string }> };

function stageOf(raw: string): number {
  const stage = Number(raw);
  if (!STAGE_NUMBERS.includes(stage as (typeof STAGE_NUMBERS)[number])) notFound();
  return stage;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const exercise = loadExercise(stageOf((await params).stage));
  return { title: `Exercise ${exercise.stage}: ${exercise.title}` };
}

export default async function ExercisePage({ params }: Props) {
  const stage = stageOf((await params).stage);
  const exercise = loadExercise(stage);
  // With reference solutions hidden, exercises 2-5 show (and run) only their starting program.
  const showsOwnProgram = stage < 2 || referenceShown();
  const shownFile = showsOwnProgram ? exercise.program : exercise.starting!;
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
          <h2>{showsOwnProgram ? "The program" : "The starting program"}</h2>
          <ProgramListing source={loadProgram(shownFile)} fileName={shownFile} />
        </aside>
      </div>
      <ExerciseBench stage={stage} runsReference={showsOwnProgram} />
      <TaskList stage={stage} tasks={exercise.tasks} showFindings={referenceShown()} />
    </article>
  );
}
