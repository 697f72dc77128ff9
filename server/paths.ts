// Where the lab's own files are: its source tree, its workbook, and the state it keeps between restarts.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readSetting } from "./config";

const here = join(dirname(fileURLToPath(import.meta.url)), "..");
/**
 * Inside the site's build this module is bundled, and Turbopack gives import.meta.url as
 * file:///ROOT/server/paths.ts, no real folder. The site is built and served from the lab's folder
 * (npm's scripts run there), so the working folder is the lab's then.
 */
export const LAB_ROOT = existsSync(join(here, "package.json")) ? here : process.cwd();
/** The workbook: exercises/N.md and programs/chatserverN.py. */
export const CONTENT_DIR = join(LAB_ROOT, "content");
/** Root-only: the session secret, the supervisor bundle, runs' files. Never shown to a run. */
export const STATE_DIR = readSetting("LAB_STATE_DIR") || join(LAB_ROOT, ".lab-state");
