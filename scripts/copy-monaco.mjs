// Copies Monaco's prebuilt bundle (node_modules/monaco-editor/min/vs) to public/monaco/vs, so the
// lab serves the editor itself: classrooms often have no internet, so never a CDN.
// Runs as postinstall. Idempotent and fast when up to date: it compares the two trees' file lists
// and sizes (a few hundred stats) and copies only when they differ. A new copy is assembled in a
// temporary directory and swapped in, so a half-copied tree is never served.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const packageDir = join(root, "node_modules", "monaco-editor");
const source = join(packageDir, "min", "vs");
const targetParent = join(root, "public", "monaco");
const target = join(targetParent, "vs");

/** "path size" for every file under dir, sorted: what "up to date" is judged by. */
function inventory(dir) {
  const lines = [];
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else lines.push(`${relative(dir, full)} ${statSync(full).size}`);
    }
  };
  if (existsSync(dir)) walk(dir);
  return lines.sort().join("\n");
}

if (!existsSync(join(source, "loader.js"))) {
  console.error(`copy-monaco: ${source} is missing: run npm install (monaco-editor is a dependency). The editor cannot load without it.`);
  process.exit(1);
}

const version = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")).version;
const wanted = inventory(source);
if (inventory(target) === wanted) {
  console.log(`copy-monaco: public/monaco/vs is up to date (monaco-editor ${version}).`);
} else {
  mkdirSync(targetParent, { recursive: true });
  const staging = join(targetParent, `vs.copying-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  cpSync(source, staging, { recursive: true });
  const old = join(targetParent, `vs.old-${process.pid}`);
  if (existsSync(target)) renameSync(target, old);
  renameSync(staging, target);
  rmSync(old, { recursive: true, force: true });
  console.log(`copy-monaco: copied monaco-editor ${version} to public/monaco/vs.`);
}
