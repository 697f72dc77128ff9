// The exercise page's first-load JavaScript, from a production build made in a copy of the tree
// under /tmp (never in the working tree: other work shares it). The copy gets the sources as they
// are now and a hard-linked node_modules; `next build` runs there, `next start` serves the result
// and the page's <script> tags are fetched and summed, raw and gzipped, as a browser would load them.
// (Next 16 no longer prints a "First Load JS" column, so the page itself is the measure.)
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { freePort, waitAccepts } from "../tests/support/ports";

const ROOT = join(import.meta.dirname, "..");

export interface FirstLoadResult {
  built: boolean;
  /** Why it was skipped, when the tree does not build. */
  skipped?: string;
  buildSeconds?: number;
  pages?: Array<{ path: string; scripts: number; rawKiB: number; gzipKiB: number }>;
}

export async function benchFirstLoad(log: (s: string) => void, paths = ["/exercises/4", "/"]): Promise<FirstLoadResult> {
  const dir = mkdtempSync(join(tmpdir(), "chat-lab-firstload-"));
  try {
    // tar rather than rsync: it is on every machine.
    execFileSync("sh", ["-c", 'tar -C "$1" --exclude=./node_modules --exclude=./.next --exclude=./.lab-state --exclude=./.git -cf - . | tar -C "$2" -xf -', "sh", ROOT, dir]);
    execFileSync("cp", ["-al", join(ROOT, "node_modules"), join(dir, "node_modules")]);
    log(`  building a copy of the tree in ${dir}`);
    const t0 = performance.now();
    const next = join(dir, "node_modules", "next", "dist", "bin", "next");
    try {
      execFileSync(process.execPath, [next, "build"], { cwd: dir, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, stdio: ["ignore", "pipe", "pipe"], timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      const e = error as { stdout?: Buffer; stderr?: Buffer; message: string };
      const text = `${e.stdout?.toString() ?? ""}\n${e.stderr?.toString() ?? ""}`.trim().split("\n").filter((l) => /error|Error|failed/.test(l)).slice(0, 6).join(" | ");
      return { built: false, skipped: `next build failed in the copy: ${text || e.message}`.slice(0, 600) };
    }
    const buildSeconds = (performance.now() - t0) / 1000;
    const port = await freePort();
    const server = spawn(process.execPath, [next, "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: dir, stdio: "ignore", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    try {
      await waitAccepts(port, 60_000, 100);
      const base = `http://127.0.0.1:${port}`;
      const pages = [];
      for (const path of paths) {
        const html = await (await fetch(base + path)).text();
        const srcs = [...new Set([...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&")))];
        let raw = 0;
        let gzip = 0;
        for (const src of srcs) {
          const body = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
          raw += body.length;
          gzip += gzipSync(body, { level: 9 }).length;
        }
        pages.push({ path, scripts: srcs.length, rawKiB: raw / 1024, gzipKiB: gzip / 1024 });
      }
      return { built: true, buildSeconds, pages };
    } finally {
      server.kill("SIGTERM");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
