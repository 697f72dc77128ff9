// The reference solution of exercises 2-5 as plain text, fetched only when a student asks to
// compare with it. With reference solutions hidden (LAB_REFERENCE=0) the build has none of them.
import { siteCatalogue, stageSource } from "@/server/stages/catalogue";
import { REFERENCE_STAGES } from "@/shared/stages";

export const dynamic = "force-static";
export const dynamicParams = false;

export function generateStaticParams() {
  return REFERENCE_STAGES.filter((stage) => siteCatalogue.shown(stage)).map((stage) => ({ stage: String(stage) }));
}

export async function GET(_request: Request, { params }: { params: Promise<{ stage: string }> }) {
  const stage = Number((await params).stage);
  if (!REFERENCE_STAGES.includes(stage as never) || !siteCatalogue.shown(stage)) return new Response("Not found\n", { status: 404 });
  return new Response(stageSource(stage), { headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
