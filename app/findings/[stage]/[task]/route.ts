// The lab's own findings for one task, fetched only when a student who has written theirs asks to
// compare. Answered at each request: while the instructor hides the exercise's answer, not found.
import { marked } from "marked";
import { loadExercise } from "@/app/exercises/exercise-content";
import { siteCatalogue } from "@/server/stages/catalogue";
import { isStage } from "@/shared/stages";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ stage: string; task: string }> }) {
  const { stage, task } = await params;
  const found = isStage(Number(stage)) && siteCatalogue.findingsShown(Number(stage)) ? loadExercise(Number(stage)).tasks.find((t) => t.id === task) : undefined;
  if (!found) return new Response("Not found\n", { status: 404 });
  // Markdown written by the lab's authors (trusted), as HTML: the notes box shows it formatted.
  return new Response(marked.parse(found.findings, { async: false }), { headers: { "Content-Type": "text/html; charset=utf-8" } });
}
