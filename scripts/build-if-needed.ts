// Build the site only when something it is built from changed since the last build (or the
// reference setting did: pages are built with or without reference solutions).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readSetting } from "../server/config";
import { siteDistDir } from "../server/site-build";

const root = new URL("..", import.meta.url).pathname;
const inputs = ["app", "content", "server", "next.config.ts", "tsconfig.json", "tsconfig.next.json", "package-lock.json", "public"];
// The site with reference solutions hidden is built into a folder of its own (next.config.ts).
const distDir = join(root, siteDistDir());
const stampFile = join(distDir, "lab-build-stamp");

function walk(path: string, hash: ReturnType<typeof createHash>): void {
  if (!existsSync(path)) return;
  const stat = statSync(path);
  if (stat.isDirectory()) {
    for (const entry of readdirSync(path).sort()) if (entry !== "monaco") walk(join(path, entry), hash);
  } else {
    hash.update(path.slice(root.length));
    hash.update(readFileSync(path));
  }
}

// Monaco's files are served from public/monaco (copied from the package; never from a CDN).
execFileSync(process.execPath, [join(root, "scripts", "copy-monaco.mjs")], { cwd: root, stdio: "inherit" });

const hash = createHash("sha256");
for (const input of inputs) walk(join(root, input), hash);
hash.update(`LAB_REFERENCE=${readSetting("LAB_REFERENCE")}`);
const stamp = hash.digest("hex");

if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp && existsSync(join(distDir, "BUILD_ID"))) {
  console.log(`The site is built and up to date (${distDir.slice(root.length)}).`);
} else {
  console.log("Building the site (this takes a minute the first time)…");
  try {
    execFileSync(process.execPath, [join(root, "node_modules", "next", "dist", "bin", "next"), "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  } catch {
    console.error("\nThe site did not build: the errors above say where. Nothing was started.");
    process.exit(1);
  }
  writeFileSync(stampFile, stamp);
}
