// Finding the Python 3 that runs students' programs, with a message that says how to get one.
import { execFileSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { dirname } from "node:path";
import { readSetting } from "../config";

export interface Python {
  /** Absolute path of the interpreter. */
  executable: string;
  /** Its installation prefix, which the sandbox must show read-only (e.g. /usr). */
  prefix: string;
  version: string;
}

export class PythonMissingError extends Error {}

/** LAB_PYTHON, else the system's /usr/bin/python3, else python3 on PATH. */
export function findPython(): Python {
  const candidates = [readSetting("LAB_PYTHON"), "/usr/bin/python3", "python3"].filter((c): c is string => !!c);
  for (const candidate of candidates) {
    try {
      const out = execFileSync(candidate, ["-c", "import sys; print(sys.executable); print(sys.base_prefix); print(sys.version.split()[0])"], {
        encoding: "utf8",
        timeout: 10_000,
        stdio: ["ignore", "pipe", "ignore"],
      });
      const [executable, prefix, version] = out.trim().split("\n");
      if (!version?.startsWith("3.")) continue;
      const real = realpathSync(executable);
      return { executable: real, prefix: realpathSync(prefix), version };
    } catch {
      // try the next one
    }
  }
  throw new PythonMissingError(
    "python3 not found: the lab runs students' programs with Python 3. Install it with `sudo apt-get install python3` " +
      "(Debian/Ubuntu), `sudo dnf install python3` (Fedora) or `brew install python` (macOS), or point LAB_PYTHON at one.",
  );
}

/** Directories the interpreter needs that live outside /usr (a pyenv or /opt install). */
export function pythonExtraDirs(python: Python): string[] {
  const dirs = new Set<string>();
  for (const dir of [python.prefix, dirname(dirname(python.executable))]) {
    if (!dir.startsWith("/usr") && existsSync(dir)) dirs.add(dir);
  }
  return [...dirs];
}
