// The lab's answer to exercises 2-5, fetched only when the student reveals it (or the instructor
// releases it): the solution, the program it starts from (for the comparison that shows the fix)
// and the programming points. With reference solutions hidden (LAB_REFERENCE=0) the build has none.
import { loadExercise } from "@/app/exercises/exercise-content";
import { siteCatalogue, sourceOf } from "@/server/stages/catalogue";
import { REFERENCE_STAGES } from "@/shared/stages";
import type { Answer } from "../answer";

export const dynamic = "force-static";
export const dynamicParams = false;

export function generateStaticParams() {
  return REFERENCE_STAGES.filter((stage) => siteCatalogue.shown(stage)).map((stage) => ({ stage: String(stage) }));
}

export async function GET(_request: Request, { params }: { params: Promise<{ stage: string }> }) {
  const stage = Number((await params).stage);
  if (!REFERENCE_STAGES.includes(stage as never) || !siteCatalogue.shown(stage)) return new Response("Not found\n", { status: 404 });
  const exercise = loadExercise(stage);
  const answer: Answer = {
    fileName: exercise.program,
    program: sourceOf(exercise.program),
    startingFileName: exercise.starting!,
    starting: sourceOf(exercise.starting!),
    pointsHtml: exercise.pointsHtml ?? "",
  };
  return Response.json(answer);
}
