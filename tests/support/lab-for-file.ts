// One lab per test file, in one line (vitest's hooks; a file of its own so that lab-server.ts
// stays importable by the lab's child process, where there is no vitest).
import { afterAll, beforeAll } from "vitest";
import type { LabConfig } from "../../server/config";
import { startTestLab, type TestLab } from "./lab-server";

/**
 * A lab for the tests of one file, with these settings (or started by `start`): started before
 * them, closed after them (then `afterClose` runs, e.g. a check that nothing is left). The object
 * stands for the lab from the start, so a file writes `const lab = labForFile()` instead of a
 * variable and two hooks.
 */
export function labForFile(start: Partial<LabConfig> | (() => Promise<TestLab>) = {}, afterClose: () => void = () => {}): TestLab {
  let started: TestLab | undefined;
  const current = (): TestLab => {
    if (!started) throw new Error("the file's lab starts in beforeAll: use it inside a test or a hook");
    return started;
  };
  beforeAll(async () => {
    started = await (typeof start === "function" ? start() : startTestLab(start));
  });
  afterAll(async () => {
    await started?.close();
    afterClose();
  });
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
