// Pure model of a two-program comparison: side-by-side rows, inline (unified)
// rows derived from them, and collapsible runs of unchanged lines. No React,
// no I/O, so it is unit-testable and usable from any server component.
import { myersDiff } from './myers';
import { slideRuns, pairBlock } from './align';
import { intralineRanges, type Range } from './intraline';
import { splitText, type TextInfo } from './text';

export type { Range } from './intraline';
export type { LineEnding, TextInfo } from './text';

export type RowKind = 'same' | 'changed' | 'added' | 'removed';

export interface LineRef {
  /** 1-based line number in its file. */
  lineNo: number;
  text: string;
  /** Changed character ranges; non-empty only on 'changed' rows. */
  changes: Range[];
}

export interface SideBySideRow {
  kind: RowKind;
  /** null on 'added' rows. */
  left: LineRef | null;
  /** null on 'removed' rows. */
  right: LineRef | null;
  /** 'changed' row whose only difference is leading whitespace. */
  indentOnly: boolean;
}

export interface UnifiedRow {
  kind: 'same' | 'removed' | 'added';
  oldLineNo: number | null;
  newLineNo: number | null;
  text: string;
  changes: Range[];
  /** Half of a 'changed' side-by-side row (old or new version of one line). */
  paired: boolean;
  indentOnly: boolean;
}

export interface DiffStats {
  changed: number;
  added: number;
  removed: number;
  unchanged: number;
}

export interface Hunk<R> {
  /** Hidden by default (a long run of unchanged lines). */
  collapsed: boolean;
  /** Index range [start, end) into the rows the hunk was cut from. */
  start: number;
  end: number;
  rows: R[];
}

export interface CollapseOptions {
  /** Unchanged lines kept visible next to each change. */
  context?: number;
  /** Only runs of unchanged lines longer than this are considered. */
  minRun?: number;
  /** Never hide fewer lines than this: a one-line fold saves nothing. */
  minHidden?: number;
}

export interface DiffModel {
  rows: SideBySideRow[];
  /** `rows` cut into visible stretches and collapsed unchanged runs. */
  hunks: Hunk<SideBySideRow>[];
  stats: DiffStats;
  /** Same lines after normalising line endings / final newline / BOM. */
  identical: boolean;
  before: Omit<TextInfo, 'lines'> & { lineCount: number };
  after: Omit<TextInfo, 'lines'> & { lineCount: number };
}

export function diffPrograms(before: string, after: string, options?: CollapseOptions): DiffModel {
  const a = splitText(before);
  const b = splitText(after);
  const ops = slideRuns(myersDiff(a.lines, b.lines), a.lines, b.lines);

  const rows: SideBySideRow[] = [];
  let i = 0;
  while (i < ops.length) {
    const op = ops[i];
    if (op.kind === 'eq') {
      const text = a.lines[op.a];
      rows.push({
        kind: 'same',
        left: { lineNo: op.a + 1, text, changes: [] },
        right: { lineNo: op.b + 1, text: b.lines[op.b], changes: [] },
        indentOnly: false,
      });
      i++;
      continue;
    }
    const dels: number[] = [];
    const inss: number[] = [];
    for (; i < ops.length && ops[i].kind !== 'eq'; i++) {
      if (ops[i].kind === 'del') dels.push(ops[i].a);
      else inss.push(ops[i].b);
    }
    for (const p of pairBlock(dels, inss, a.lines, b.lines)) {
      rows.push(toRow(p, a.lines, b.lines));
    }
  }

  const stats: DiffStats = { changed: 0, added: 0, removed: 0, unchanged: 0 };
  for (const r of rows) stats[r.kind === 'same' ? 'unchanged' : r.kind]++;
  const info = (t: TextInfo) => ({
    lineEnding: t.lineEnding,
    finalNewline: t.finalNewline,
    bom: t.bom,
    lineCount: t.lines.length,
  });
  return {
    rows,
    hunks: collapseUnchanged(rows, options),
    stats,
    identical: stats.unchanged === rows.length,
    before: info(a),
    after: info(b),
  };
}

function toRow(p: ReturnType<typeof pairBlock>[number], a: string[], b: string[]): SideBySideRow {
  if (p.kind === 'removed') {
    return { kind: 'removed', left: { lineNo: p.a + 1, text: a[p.a], changes: [] }, right: null, indentOnly: false };
  }
  if (p.kind === 'added') {
    return { kind: 'added', left: null, right: { lineNo: p.b + 1, text: b[p.b], changes: [] }, indentOnly: false };
  }
  const { left, right } = intralineRanges(a[p.a], b[p.b]);
  const strip = (s: string) => s.replace(/^\s+/, '');
  return {
    kind: 'changed',
    left: { lineNo: p.a + 1, text: a[p.a], changes: left },
    right: { lineNo: p.b + 1, text: b[p.b], changes: right },
    indentOnly: strip(a[p.a]) === strip(b[p.b]),
  };
}

/**
 * Inline view: unchanged lines once; within each block of changes, all old
 * lines first, then all new lines (the conventional `diff -u` order, which
 * keeps each version of the block readable as code).
 */
export function toUnified(rows: SideBySideRow[]): UnifiedRow[] {
  const out: UnifiedRow[] = [];
  let i = 0;
  while (i < rows.length) {
    const r = rows[i];
    if (r.kind === 'same' && r.left && r.right) {
      out.push({ kind: 'same', oldLineNo: r.left.lineNo, newLineNo: r.right.lineNo, text: r.left.text, changes: [], paired: false, indentOnly: false });
      i++;
      continue;
    }
    let j = i;
    while (j < rows.length && rows[j].kind !== 'same') j++;
    const block = rows.slice(i, j);
    for (const x of block) {
      if (!x.left) continue;
      out.push({ kind: 'removed', oldLineNo: x.left.lineNo, newLineNo: null, text: x.left.text, changes: x.left.changes, paired: x.kind === 'changed', indentOnly: x.indentOnly });
    }
    for (const x of block) {
      if (!x.right) continue;
      out.push({ kind: 'added', oldLineNo: null, newLineNo: x.right.lineNo, text: x.right.text, changes: x.right.changes, paired: x.kind === 'changed', indentOnly: x.indentOnly });
    }
    i = j;
  }
  return out;
}

/**
 * Cut rows into hunks, folding the middle of every long run of 'same' rows
 * while keeping `context` lines next to each change. Works for side-by-side
 * and unified rows alike. A file with no changes folds entirely.
 */
export function collapseUnchanged<R extends { kind: string }>(rows: R[], options: CollapseOptions = {}): Hunk<R>[] {
  const { context = 3, minRun = 6, minHidden = 2 } = options;
  const hunks: Hunk<R>[] = [];
  const push = (collapsed: boolean, start: number, end: number) => {
    if (end <= start) return;
    const last = hunks[hunks.length - 1];
    if (last && !last.collapsed && !collapsed) {
      last.end = end;
      last.rows = rows.slice(last.start, end);
    } else {
      hunks.push({ collapsed, start, end, rows: rows.slice(start, end) });
    }
  };
  let i = 0;
  while (i < rows.length) {
    let j = i;
    while (j < rows.length && rows[j].kind === 'same') j++;
    if (j === i) {
      while (j < rows.length && rows[j].kind !== 'same') j++;
      push(false, i, j);
      i = j;
      continue;
    }
    const keepBefore = i === 0 ? 0 : context;
    const keepAfter = j === rows.length ? 0 : context;
    const hidden = j - i - keepBefore - keepAfter;
    if (j - i > minRun && hidden >= minHidden) {
      push(false, i, i + keepBefore);
      push(true, i + keepBefore, j - keepAfter);
      push(false, j - keepAfter, j);
    } else {
      push(false, i, j);
    }
    i = j;
  }
  return hunks;
}

/** "3 lines changed, 2 added, 0 removed" — the accessible summary. */
export function summarize(stats: DiffStats): string {
  if (stats.changed + stats.added + stats.removed === 0) return 'No lines changed';
  const lines = stats.changed === 1 ? 'line' : 'lines';
  return `${stats.changed} ${lines} changed, ${stats.added} added, ${stats.removed} removed`;
}
