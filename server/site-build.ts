// Where the site's build lives. Pages are built with or without the reference solutions, each in a
// folder of its own (so a hidden build holds no reference code and both can exist side by side):
// next.config.ts, scripts/build-if-needed.ts and the tests ask here, and LAB_REFERENCE is read once,
// by the settings schema (so `false`, `no` and `off` hide references on the site as on the server).
import { readSetting } from "./config";

export function siteDistDir(env: Record<string, string | undefined> = process.env): string {
  return readSetting("LAB_REFERENCE", env) ? ".next" : ".next-no-reference";
}
