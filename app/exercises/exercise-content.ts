// Reading the workbook: content/exercises/N.md (frontmatter + Markdown). The programs, and whether
// the references are shown, are the catalogue's (server/stages/catalogue.ts).
// Server-only: runs at build time when pages are statically generated.
import "server-only";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import matter from "gray-matter";
import { marked } from "marked";
import { z } from "zod";
import { CONTENT_DIR } from "@/server/paths";
import { siteCatalogue } from "@/server/stages/catalogue";
import { isReference, programFileName, STAGES } from "@/shared/stages";

const Task = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  kind: z.enum(["identify", "determine", "propose", "hazard"]),
  prompt: z.string(),
  findings: z.string(),
});
export type Task = z.infer<typeof Task>;

const Frontmatter = z.object({
  stage: z.number().int().min(0).max(5),
  title: z.string(),
  summary: z.string(),
  program: z.enum(STAGES.map(programFileName)),
  starting: z.enum(STAGES.map(programFileName)).optional(),
  tasks: z.array(Task),
});

export interface Exercise extends z.infer<typeof Frontmatter> {
  /** The body as HTML (trusted: written by the lab's authors, never by students). */
  html: string;
}

/**
 * Exercises 2-5 as a lab with reference solutions hidden shows them. The programming points walk
 * through the reference solution line by line: left out, so the page gives away no more than the
 * tutorial's task does. The steps' last comparison "with the lab's chatserverN.py" is left out
 * too. And exercises 3-5 cannot start from the previous stage's program (a reference): the editor
 * starts from chatserver1.py, and the student's own previous version is one button away; the steps
 * say so instead of naming a program the page does not have.
 */
function forHiddenReferences(markdown: string, stage: number): string {
  const text = markdown
    .replace(/^## Programming points\n[^]*?(?=^## |(?![^]))/m, "")
    .replace(/,\s+then\s+with the lab's `chatserver\d\.py`\./, ".");
  const starting = siteCatalogue.startingStage(stage);
  if (starting === stage - 1) return text;
  return text.replace(
    /It starts from `chatserver\d\.py`\./,
    `It starts from \`${programFileName(starting)}\` (your instructor has hidden the lab's later programs); to build on your own exercise ${stage - 1}, press **Start from your ${programFileName(stage - 1)}** above the editor (it is there once you have written one).`,
  );
}

export function loadExercise(stage: number): Exercise {
  const file = join(CONTENT_DIR, "exercises", `${stage}.md`);
  const { data, content } = matter(readFileSync(file, "utf8"));
  const parsed = Frontmatter.safeParse(data);
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const body = isReference(stage) && !siteCatalogue.shown(stage) ? forHiddenReferences(content, stage) : content;
  return { ...parsed.data, html: marked.parse(body, { async: false }) };
}

export function loadAllExercises(): Exercise[] {
  return STAGES.map(loadExercise);
}
