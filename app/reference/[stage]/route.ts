// The reference solution of exercises 2-5 as plain text, fetched only when a student asks to
// compare with it. With reference solutions hidden (LAB_REFERENCE=0) the build has none of them.
import { loadExercise, loadProgram, referenceShown } from "@/app/exercises/exercise-content";

export const dynamic = "force-static";
export const dynamicParams = false;

export function generateStaticParams() {
  return referenceShown() ? [2, 3, 4, 5].map((stage) => ({ stage: String(stage) })) : [];
}

export async function GET(_request: Request, { params }: { params: Promise<{ stage: string }> }) {
  const stage = Number((await params).stage);
  if (!referenceShown() || ![2, 3, 4, 5].includes(stage)) return new Response("Not found\n", { status: 404 });
  return new Response(loadProgram(loadExercise(stage).program), { headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
