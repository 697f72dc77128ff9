// One lab, or one sandbox, for the tests of a file, in one line: started before them, closed after
// them (vitest's hooks; a file of its own so that lab-server.ts stays importable by the lab's
// child process, where there is no vitest). The object stands for the lab or sandbox from the
// start, so a file writes `const lab = labForFile()` instead of a variable and two hooks.
import { afterAll, beforeAll } from "vitest";
import type { LabConfig } from "../../server/config";
import type { Sandbox } from "../../server/sandbox/types";
import { startTestLab, type TestLab } from "./lab-server";
import { strongSandbox } from "./sandbox-runs";

/** Start `start` before the file's tests and `stop` it after them; the getter throws before then. */
function forFile<T>(what: string, start: () => Promise<T>, stop: (started: T) => Promise<void>, afterStop: () => void = () => {}): () => T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    if (started !== undefined) await stop(started);
    afterStop();
  });
  return () => {
    if (started === undefined) throw new Error(`the file's ${what} starts in beforeAll: use it inside a test or a hook`);
    return started;
  };
}

/** A lab with these settings (or started by `start`); `afterClose` runs once it has closed (a check that nothing is left, say). */
export function labForFile(start: Partial<LabConfig> | (() => Promise<TestLab>) = {}, afterClose?: () => void): TestLab {
  const current = forFile("lab", typeof start === "function" ? start : () => startTestLab(start), (lab) => lab.close(), afterClose);
  return {
    get lab() {
      return current().lab;
    },
    get base() {
      return current().base;
    },
    close: () => current().close(),
  };
}

/** The strong sandbox alone, no lab. */
export function sandboxForFile(): Sandbox {
  const current = forFile("sandbox", strongSandbox, (sandbox) => sandbox.close());
  return {
    get isolation() {
      return current().isolation;
    },
    get warning() {
      return current().warning;
    },
    start: (options) => current().start(options),
    close: () => current().close(),
  };
}
