// Reading a Python program's stderr: its tracebacks as whole blocks (the lab's sitecustomize writes
// each thread's traceback in one piece), the crash that ended the program (its last line and the
// line number in the student's file), and a short version with identical tracebacks folded.

export interface Traceback {
  /** "Exception in thread Thread-3:" for a thread's, "" for the main program's. */
  thread: string;
  text: string;
  /** The last line: "ValueError: invalid literal for int() with base 10: 'hi'". */
  error: string;
  /** The line of the student's file where it was raised, when the traceback names one. */
  line: number | null;
}

const START = /^(Exception in thread [^\n]*:|Traceback \(most recent call last\):|  File "[^"]+", line \d+)$/;
const ERROR_LINE = /^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning)\b|^[A-Za-z_][\w.]*: /;

/** Every traceback in `stderr`, in order. A SyntaxError's has no "Traceback" line, only its File line. */
export function tracebacks(stderr: string, fileName: string): Traceback[] {
  const lines = stderr.split("\n");
  const found: Traceback[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!START.test(lines[i])) continue;
    const thread = lines[i].startsWith("Exception in thread") ? lines[i] : "";
    let end = i + 1;
    // A traceback's body is indented ("  File ...", "    code", "    ^^^"), and a chained one
    // ("During handling ...") goes on after a blank line: stop at the first error line after it.
    while (end < lines.length && !(ERROR_LINE.test(lines[end]) && !lines[end].startsWith(" "))) end++;
    if (end >= lines.length) break; // cut short (the program was stopped mid-write)
    const text = lines.slice(i, end + 1).join("\n");
    // The sandbox shows the file as /lab/<name>; the weak mode runs it from the run's folder.
    const own = [...text.matchAll(new RegExp(`File "[^"]*/${escape(fileName)}", line (\\d+)`, "g"))];
    found.push({ thread, text, error: lines[end], line: own.length ? Number(own.at(-1)![1]) : null });
    i = end;
  }
  return found;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The main program's last traceback: what ended it. */
export function crashOf(stderr: string, fileName: string): Traceback | null {
  return tracebacks(stderr, fileName).filter((t) => !t.thread).at(-1) ?? null;
}

/** A traceback without what differs between threads dying the same way (thread names, ports). */
const shape = (t: Traceback) => t.text.replace(/^Exception in thread [^\n]*:/, "").replace(/\d{4,}/g, "N");

/**
 * stderr as a student can read it: each traceback whole, a traceback identical to one before
 * (another thread dying the same way) replaced by a count under the first, other lines kept.
 */
export function foldTracebacks(stderr: string, fileName: string): string {
  const all = tracebacks(stderr, fileName);
  if (all.length < 2) return stderr;
  const counts = new Map<string, { first: Traceback; more: number }>();
  for (const t of all) {
    const seen = counts.get(shape(t));
    if (seen) seen.more++;
    else counts.set(shape(t), { first: t, more: 0 });
  }
  let out = stderr;
  for (const { first, more } of counts.values()) {
    if (!more) continue;
    const note = `(the same traceback ${more} more time${more === 1 ? "" : "s"}, from other threads)`;
    // Keep the first whole; remove the others wherever they are.
    let at = out.indexOf(first.text) + first.text.length;
    out = `${out.slice(0, at)}\n${note}${out.slice(at)}`;
    at += note.length + 1;
    for (const t of all) {
      if (t === first || shape(t) !== shape(first)) continue;
      const i = out.indexOf(t.text, at);
      if (i >= 0) out = out.slice(0, i) + out.slice(i + t.text.length + (out[i + t.text.length] === "\n" ? 1 : 0));
    }
  }
  return out;
}
