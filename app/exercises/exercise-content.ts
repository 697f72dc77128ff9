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
  /**
   * Exercises 2-5: the programming points, which walk through the lab's solution line by line, as
   * HTML. Never part of the page: served with the answer once the student reveals it (and absent
   * when the instructor hides the lab's solutions).
   */
  pointsHtml?: string;
}

const POINTS = /^## Programming points\n[^]*?(?=^## |(?![^]))/m;

/**
 * Exercises 2-5 as a lab with reference solutions hidden shows them. The steps' last comparison
 * with the lab's answer is left out. And exercises 3-5 cannot start from the previous stage's
 * program (a reference): the editor starts from chatserver1.py, and the student's own previous
 * version is one button away; the steps say so instead of naming a program the page does not have.
 */
function forHiddenReferences(markdown: string, stage: number): string {
  const text = markdown.replace(/\s+When you are done, \*\*Show the lab's answer\*\* compares it\s+with the lab's `chatserver\d\.py`\./, "");
  const starting = siteCatalogue.startingStage(stage);
  if (starting === stage - 1) return text;
  return text
    .replace(
      /It starts from `chatserver\d\.py`\./,
      `It starts from \`${programFileName(starting)}\` (your instructor has hidden the lab's later programs); to build on your own exercise ${stage - 1}, press **Start from your ${programFileName(stage - 1)}** above the editor (it is there once you have written one).`,
    )
    .replace(/Read `(chatserver\d\.py)` again/, `Read your own \`$1\` from exercise ${stage - 1} again`);
}

export function loadExercise(stage: number): Exercise {
  const file = join(CONTENT_DIR, "exercises", `${stage}.md`);
  const { data, content } = matter(readFileSync(file, "utf8"));
  const parsed = Frontmatter.safeParse(data);
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  if (!isReference(stage)) return { ...parsed.data, html: toHtml(content) };
  // The programming points explain the lab's solution: they come with the answer, never in the page.
  const points = content.match(POINTS)?.[0];
  const body = content.replace(POINTS, "");
  if (!siteCatalogue.shown(stage)) return { ...parsed.data, html: toHtml(forHiddenReferences(body, stage)) };
  return { ...parsed.data, html: toHtml(body), pointsHtml: points ? toHtml(points.replace(/^## .*\n/, "")) : undefined };
}

const toHtml = (markdown: string) => marked.parse(markdown, { async: false });

export function loadAllExercises(): Exercise[] {
  return STAGES.map(loadExercise);
}
