// The lab's answer to exercises 2-5, fetched only when the student reveals it (or the instructor
// releases it): the solution, the program it starts from (for the comparison that shows the fix)
// and the programming points. Answered at each request: while the instructor hides it, not found.
import { loadExercise } from "@/app/exercises/exercise-content";
import { siteCatalogue, sourceOf } from "@/server/stages/catalogue";
import { programFileName, REFERENCE_STAGES } from "@/shared/stages";
import type { Answer } from "../answer";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ stage: string }> }) {
  const stage = Number((await params).stage);
  if (!REFERENCE_STAGES.includes(stage as never) || !siteCatalogue.shown(stage)) return new Response("Not found\n", { status: 404 });
  const exercise = loadExercise(stage);
  // Compared with the program the exercise starts from now: the stage before, or while that one's
  // answer is hidden, the newest shown (releasing exercise 3 must not give exercise 2's away).
  const startingFileName = programFileName(siteCatalogue.startingStage(stage));
  const answer: Answer = {
    fileName: exercise.program,
    program: sourceOf(exercise.program),
    startingFileName,
    starting: sourceOf(startingFileName),
    pointsHtml: exercise.pointsHtml ?? "",
  };
  return Response.json(answer, { headers: { "Cache-Control": "no-store" } });
}
