// The supervisor runs as plain `node file.cjs` (no TypeScript loader) so a run starts fast.
// It is bundled from supervisor.ts once per lab process, into the lab's own state directory
// (not a shared /tmp another user could plant a file in).
import { buildSync } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { STATE_DIR } from "../paths";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

let bundled: string | null = null;

export function supervisorScript(): string {
  if (bundled) return bundled;
  mkdirSync(STATE_DIR, { recursive: true, mode: 0o700 });
  const result = buildSync({
    entryPoints: [join(here, "supervisor.ts")],
    write: false,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    logLevel: "error",
  });
  const code = result.outputFiles[0].contents;
  // Named by content: test workers and a running lab share one file safely; renaming makes it appear whole.
  const outfile = join(STATE_DIR, `supervisor-${createHash("sha256").update(code).digest("hex").slice(0, 12)}.cjs`);
  if (!existsSync(outfile)) {
    const temp = `${outfile}.${process.pid}.tmp`;
    writeFileSync(temp, code, { mode: 0o600 });
    renameSync(temp, outfile);
  }
  bundled = outfile;
  return outfile;
}
