// Waiting on a condition, never a fixed sleep: tests run on a shared 2-core machine, where the same
// step takes 10 ms or several seconds. Looks every `everyMs`; fails after `timeoutMs`, saying what.

export async function waitUntil(test: () => boolean, what: string | (() => string), timeoutMs = 10_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
