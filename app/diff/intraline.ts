// Intra-line comparison of two paired lines: which characters changed, and how
// alike two lines are (used to decide which removed/added lines to pair).
import { myersDiff, type Op } from './myers';

/** Half-open range of UTF-16 offsets into a line's text. */
export interface Range {
  start: number;
  end: number;
}

// Words stay whole (so `server1` -> `server2` highlights the identifier, not a
// lone digit) and punctuation is one token per character. Indentation is one
// token per character so that re-indenting by one level shows exactly the
// added/removed spaces; whitespace elsewhere is one token per run, so that
// realigned trailing comments can't outvote the code in the alignment.
const TOKEN = /[\p{L}\p{N}_]+|\s+|[^\s\p{L}\p{N}_]/gu;

function tokenize(line: string): string[] {
  const indent = /^\s*/u.exec(line)?.[0] ?? '';
  return [...indent, ...(line.slice(indent.length).match(TOKEN) ?? [])];
}

// Comparison keys: indentation is tagged so it never matches a space inside
// the line (else a comment's spaces can "match" the other side's indent).
function keys(line: string, tokens: string[]): string[] {
  const indent = /^\s*/u.exec(line)?.[0].length ?? 0;
  return tokens.map((t, i) => (i < indent ? `\u0000${t}` : t));
}

/** Changed character ranges on each side of a pair of lines. */
export function intralineRanges(before: string, after: string): { left: Range[]; right: Range[] } {
  const a = tokenize(before);
  const b = tokenize(after);
  const ops = absorbShortGaps(myersDiff(keys(before, a), keys(after, b)), a);
  return { left: toRanges(ops, a, 'del', (op) => op.a), right: toRanges(ops, b, 'ins', (op) => op.b) };
}

// A lone space or bracket left "unchanged" between two changes produces
// confetti like `x[ ]y` that is harder to read than one changed stretch, so
// such gaps are treated as changed on both sides.
function absorbShortGaps(ops: Op[], a: string[]): Op[] {
  const out: Op[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i].kind !== 'eq') {
      out.push(ops[i++]);
      continue;
    }
    let j = i;
    let text = '';
    while (j < ops.length && ops[j].kind === 'eq') text += a[ops[j++].a];
    const sandwiched = i > 0 && j < ops.length;
    if (sandwiched && text.length <= 2 && !/[\p{L}\p{N}_]/u.test(text)) {
      for (let k = i; k < j; k++) out.push({ kind: 'del', a: ops[k].a, b: ops[k].b });
      for (let k = i; k < j; k++) out.push({ kind: 'ins', a: ops[k].a, b: ops[k].b });
    } else {
      out.push(...ops.slice(i, j));
    }
    i = j;
  }
  return out;
}

function toRanges(ops: Op[], tokens: string[], changed: 'del' | 'ins', index: (op: Op) => number): Range[] {
  // Token start offsets, so ranges are character positions in the line.
  const starts: number[] = [];
  let pos = 0;
  for (const t of tokens) {
    starts.push(pos);
    pos += t.length;
  }
  const ranges: Range[] = [];
  for (const op of ops) {
    if (op.kind !== changed) continue;
    const i = index(op);
    const start = starts[i];
    const end = start + tokens[i].length;
    const last = ranges[ranges.length - 1];
    if (last && last.end === start) last.end = end;
    else ranges.push({ start, end });
  }
  return ranges;
}

/**
 * Tokens that count when deciding whether two lines are "the same line,
 * edited": words only (whitespace would unpair re-indented lines, and
 * punctuation makes any two method calls look alike), digits neutralised
 * (`server1` vs `server2`, the tutorial's renames), and a Python trailing
 * comment ignored unless the line is only a comment (adding a remark
 * shouldn't unpair `while True:` from itself).
 */
export function similarityTokens(line: string): string[] {
  const code = stripComment(line).trim();
  const tokens = tokenize(code === '' ? line.trim() : code).filter((t) => t.trim() !== '');
  const words = tokens.filter((t) => WORD.test(t));
  return (words.length > 0 ? words : tokens).map((t) => t.replace(/\d+/g, '0'));
}
const WORD = /^[\p{L}\p{N}_]/u;

// Cut at a `#` outside string quotes (one line; good enough for pairing).
function stripComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

/** Similarity in [0, 1]: Dice coefficient over two token multisets. */
export function similarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const t of a) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of b) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      common++;
      counts.set(t, c - 1);
    }
  }
  return (2 * common) / (a.length + b.length);
}
