// `npm start` as an instructor meets it: serving a class names the addresses students open, and a
// machine without python3 gets a message that says how to install it (and no lab half started).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { startLabProcess } from "../support/lab-process";

const ROOT = join(import.meta.dirname, "..", "..");

it("HOST=0.0.0.0: start-up names the address students open, and the lab answers there", async () => {
  const lab = await startLabProcess({ HOST: "0.0.0.0" });
  try {
    // The line after "ready on" may come a moment later.
    for (let i = 0; i < 50 && !/Students open|no network address/.test(lab.output()); i++) await new Promise((r) => setTimeout(r, 100));
    const urls = /Students open: (.*)/.exec(lab.output())?.[1];
    // A machine on no network at all (only loopback) is told so instead.
    if (!urls) return expect(lab.output()).toContain("This machine has no network address yet");
    const first = /http:\/\/[\d.]+:\d+/.exec(urls!)?.[0];
    expect(first).toBeDefined();
    const res = await fetch(`${first}/healthz`);
    expect(res.status).toBe(200);
  } finally {
    await lab.stop();
  }
});

it("without python3 the lab does not start, and says how to install it", async () => {
  // A private mount namespace where /usr/bin/python3 is not a program, and no other python3 on PATH.
  const script = `mount --bind /dev/null /usr/bin/python3 && exec "${process.execPath}" "${join(ROOT, "node_modules", "tsx", "dist", "cli.mjs")}" "${join(ROOT, "server", "main.ts")}"`;
  const child = spawn("unshare", ["--mount", "--propagation", "private", "sh", "-c", script], {
    cwd: ROOT,
    env: { NODE_ENV: "production", PATH: "/usr/sbin:/usr/bin:/sbin:/bin", HOME: process.env.HOME ?? "/root", PORT: "0", HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  expect(code, output).toBe(1);
  expect(output).toContain("python3 not found");
  expect(output).toContain("sudo apt-get install python3");
  expect(output).not.toContain("is ready on");
});
