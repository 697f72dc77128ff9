// Reading a program's stderr for threads that died: how many, and of what, even when two
// tracebacks interleave line by line.
import { expect, it } from "vitest";
import { describeDeaths, threadDeaths } from "./expect";

const traceback = (thread: number, error: string) =>
  `Exception in thread Thread-${thread} (serve):\nTraceback (most recent call last):\n  File "/lab/chatserver4.py", line 20, in serve\n${error}\n`;

it("counts each thread's death and the kinds of exception that killed them", () => {
  const stderr = traceback(1, "BrokenPipeError: [Errno 32] Broken pipe") + traceback(2, "BrokenPipeError: [Errno 32] Broken pipe") + traceback(3, "ConnectionResetError: [Errno 104] Connection reset by peer");
  const deaths = threadDeaths(stderr);
  expect(deaths).toEqual({ count: 3, kinds: { BrokenPipeError: 2, ConnectionResetError: 1 } });
  expect(describeDeaths(deaths)).toBe("3 threads died with an exception (BrokenPipeError 2, ConnectionResetError 1)");
});

it("counts interleaved tracebacks by their headers", () => {
  const stderr = "Exception in thread Thread-1 (serve):\nException in thread Thread-2 (serve):\nTraceback (most recent call last):\nTraceback (most recent call last):\nOSError: [Errno 9] Bad file descriptor\nOSError: [Errno 9] Bad file descriptor\n";
  expect(threadDeaths(stderr)).toEqual({ count: 2, kinds: { OSError: 2 } });
});

it("an error outside any thread is no thread's death, and one death reads in the singular", () => {
  expect(threadDeaths("Traceback (most recent call last):\nValueError: boom\n")).toEqual({ count: 0, kinds: {} });
  expect(describeDeaths({ count: 1, kinds: {} })).toBe("1 thread died with an exception");
});
