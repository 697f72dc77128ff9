// The stage programs (content/programs/chatserverN.py), read once.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LAB_ROOT } from "../paths";

export const programFileName = (stage: number) => `chatserver${stage}.py`;

const cache = new Map<number, string>();

export function stageProgram(stage: number): string {
  let source = cache.get(stage);
  if (source === undefined) {
    source = readFileSync(join(LAB_ROOT, "content", "programs", programFileName(stage)), "utf8");
    cache.set(stage, source);
  }
  return source;
}
