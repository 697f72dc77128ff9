// `npm run check -- --exercise N program.py`: the lab's checks on any file, from a terminal, with
// the real sandbox and no lab server or browser. Exit 0 when every check passes, 1 when one does
// not, 2 for a usage error (bad arguments, missing file) or a sandbox that cannot start.
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { buildLab } from "../build-lab";
import { CHECKS } from "./exercises";
import { runChecks } from "./engine";
import { formatReport } from "./format";

const USAGE = `Usage: npm run check -- --exercise N [--json] [--verbose] path/to/program.py

Runs the checks of exercise N (1-5) of the chat server lab on a Python program, each check in a
fresh sandboxed run, and prints what each check expected and what happened.

  -e, --exercise N   which exercise's checks to run: 1 to 5
      --json         print the machine-readable report (JSON) instead of text
  -v, --verbose      show transcripts for passing checks too
      --only ID      run only the check with this id (repeatable), e.g. --only ex5-stress
  -h, --help         show this help

Exit status: 0 when every check passes, 1 when one fails, 2 for a usage error.

Checks per exercise:
${Object.entries(CHECKS)
  .map(([n, checks]) => `  ${n}: ${checks.map((c) => `${c.id} (${c.name})`).join("\n     ")}`)
  .join("\n")}`;

function usageError(message: string): never {
  process.stderr.write(`check: ${message}\n\nRun \`npm run check -- --help\` for usage.\n`);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        exercise: { type: "string", short: "e" },
        json: { type: "boolean", default: false },
        verbose: { type: "boolean", short: "v", default: false },
        only: { type: "string", multiple: true },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    usageError((error as Error).message);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parse();
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.exercise === undefined) usageError("say which exercise to check with --exercise N (1 to 5)");
  const exercise = Number(values.exercise);
  if (!Number.isInteger(exercise) || exercise < 1 || exercise > 5) usageError(`--exercise ${values.exercise}: the exercises are numbered 1 to 5`);
  if (positionals.length !== 1) usageError(positionals.length ? `give one program, not ${positionals.length}: ${positionals.join(" ")}` : "give the program to check, e.g. chatserver2.py");
  const path = positionals[0];
  let source: string;
  try {
    if (!statSync(path).isFile()) usageError(`${path} is not a file`);
    source = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    usageError(code === "ENOENT" ? `no such file: ${path}` : `cannot read ${path}: ${(error as Error).message}`);
  }
  const known = CHECKS[exercise as 1].map((c) => c.id);
  const unknown = (values.only ?? []).filter((id) => !known.includes(id));
  if (unknown.length) usageError(`exercise ${exercise} has no check ${unknown.join(", ")}; its checks are ${known.join(", ")}`);

  const { lab, config } = await buildLab({ secret: "fresh", warn: (line) => process.stderr.write(`check: ${line}\n`) });
  const { sandbox } = lab;
  if (sandbox.warning) process.stderr.write(`check: weak sandbox: ${sandbox.warning}\n`);
  const fileName = /^[A-Za-z0-9_-]{1,40}\.py$/.test(basename(path)) ? basename(path) : "program.py";
  const live = !values.json && process.stderr.isTTY;
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  try {
    const report = await runChecks(exercise as 1, source, {
      sandbox,
      fileName,
      signal: controller.signal,
      ...(values.only ? { only: values.only } : {}),
      onProgress: (p) => {
        if (!live) return;
        const what = p.state === "running" ? `${p.message ?? "running"}, ${p.clientsConnected} client(s) connected` : p.state;
        process.stderr.write(`\r\x1b[K[${p.index + 1}/${p.count}] ${p.checkName}: ${what}`);
        if (p.state !== "running") process.stderr.write("\n");
      },
    });
    if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(`${formatReport(report, { color: process.stdout.isTTY && !config.noColor, verbose: values.verbose })}\n`);
    process.exitCode = report.passed ? 0 : 1;
  } finally {
    await lab.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`check: ${error.name === "AbortError" ? "cancelled" : error.message}\n`);
  process.exit(2);
});
