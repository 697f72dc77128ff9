// Findings that name what was observed, before anything a check guessed: the program crashed (with
// its error and line), it is Python 2, it was killed at a limit. The engine asks here after every
// failure; a check's own finding stands when none of these applies.
import type { ExitInfo } from "../sandbox/types";
import type { Finding } from "./expect";
import { crashOf } from "./tracebacks";

/** The tutorial's Python 2, as it shows up in a program or in what Python 3 says about it. */
const PY2_SOURCE = [/^\s*print\s+[^\s(=.,)][^\n]*$/m, /^\s*except\s+[\w.]+\s*,\s*\w+\s*:/m, /^\s*import\s+thread\s*$/m, /\braw_input\s*\(/, /^\s*(import|from)\s+SocketServer\b/m];
const PY2_ERRORS = /Missing parentheses in call to 'print'|No module named '(thread|SocketServer)'|name 'raw_input' is not defined|multiple exception types must be parenthesized/;

export const PYTHON2: Finding = {
  finding: "this is Python 2 code: the lab runs Python 3",
  hint:
    "The tutorial was written for Python 2. In Python 3, the tutorial's `print 'x'` becomes `print('x')`, " +
    "`except socket.error, e:` becomes `except OSError as e:`, `import thread` becomes `import threading`, " +
    "and sockets send and receive bytes: `sendall('hi')` becomes `sendall(b'hi')` (or `sendall(text.encode())`).",
};

export function isPython2(source: string, stderr: string): boolean {
  return PY2_ERRORS.test(stderr) || (/SyntaxError|NameError|ModuleNotFoundError/.test(stderr) && PY2_SOURCE.some((p) => p.test(source)));
}

/** Whether the program starts threads of its own (the lock and list hints are for those that do). */
export function usesThreads(source: string): boolean {
  return /\b(threading|_thread|ThreadPoolExecutor|ThreadingMixIn|ThreadingTCPServer)\b/.test(source);
}

/**
 * What the program's own end says, when it ended by itself during a check: a crash (its error
 * and line), Python 2, or a limit. Null when it did not end, or ended with code 0 (the check's own
 * finding then says when, e.g. "the server exits after the first client leaves").
 */
export function endedFinding(exit: ExitInfo | null, stderr: string, source: string, fileName: string): (Finding & { happened: string }) | null {
  // Ended by the lab at the check's end (a timeout), not by itself: nothing to say here.
  if (!exit || exit.reason === "stopped" || exit.reason === "the check is over" || exit.code === 0) return null;
  const how = exit.code !== null ? `exited with code ${exit.code}` : `was ended by ${exit.signal}`;
  if (isPython2(source, stderr)) {
    const crash = crashOf(stderr, fileName);
    return { ...PYTHON2, happened: `The program ${how}${crash ? ` at line ${crash.line ?? "?"}: ${crash.error}` : ""}.` };
  }
  if (exit.reason) {
    return {
      finding: `the program was stopped by the lab: ${exit.reason}`,
      happened: `The program ${how} (${exit.reason}).`,
      hint: "The lab stops a program that goes past one of its limits. Look for a loop that keeps allocating, starting threads or computing without waiting for a client.",
    };
  }
  const crash = crashOf(stderr, fileName);
  if (!crash) return { finding: `the program ${how}`, happened: `The program ${how} while clients were using it.`, hint: "Read what it printed below; a program that calls sys.exit() or returns from its main loop ends the chat." };
  const where = crash.line !== null ? ` (line ${crash.line})` : "";
  return {
    finding: `the program crashed: ${crash.error.length > 120 ? `${crash.error.slice(0, 120)}…` : crash.error}${where}`,
    happened: `The program ${how}${crash.line !== null ? ` at line ${crash.line} of ${fileName}` : ""}: ${crash.error}`,
    hint: crash.error.startsWith("SyntaxError") || crash.error.startsWith("IndentationError")
      ? `${crash.line !== null ? `Line ${crash.line}` : "A line"} is not valid Python: the ^ under it shows where Python gave up, and the mistake is often just before (a missing bracket, colon or quote).`
      : `${crash.line !== null ? `Line ${crash.line}` : "The line named last in the traceback"} raised ${crash.error.split(":")[0]}. Read the traceback below from the bottom up: the last line says what went wrong, the lines above it where. A client can send anything: check what you do with its line before you use it.`,
  };
}
