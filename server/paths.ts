// Where the lab's own files are: its source tree, and the state it keeps between restarts.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readSetting } from "./config";

export const LAB_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Root-only: the session secret, the supervisor bundle, runs' files. Never shown to a run. */
export const STATE_DIR = readSetting("LAB_STATE_DIR") || join(LAB_ROOT, ".lab-state");
