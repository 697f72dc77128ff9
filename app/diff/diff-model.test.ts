import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collapseUnchanged, diffPrograms, summarize, toUnified, type SideBySideRow } from './diff-model';
import { checkAgainstLcs, plainLines } from './lcs-oracle';

// Two versions of a tiny echo server: the second listens for more clients and
// wraps the connection handling in `while True:`, re-indenting the block.
const ECHO1 = [
  'import socket',
  '',
  's = socket.socket()',
  "s.bind(('', 5000))",
  's.listen(1)',
  'conn, addr = s.accept()',
  'data = conn.recv(1024)',
  'conn.send(data)',
  'conn.close()',
  '',
].join('\n');
const ECHO2 = [
  'import socket',
  '',
  's = socket.socket()',
  "s.bind(('', 5000))",
  's.listen(5)',
  'while True:',
  '    conn, addr = s.accept()',
  '    data = conn.recv(1024)',
  '    conn.sendall(data)',
  '    conn.close()',
  '',
].join('\n');

// Compact form: [kind, leftLineNo, rightLineNo, leftChanges, rightChanges, indentOnly]
const compact = (rows: SideBySideRow[]) =>
  rows.map((r) => [
    r.kind,
    r.left?.lineNo ?? null,
    r.right?.lineNo ?? null,
    r.left?.changes.map((c) => [c.start, c.end]) ?? null,
    r.right?.changes.map((c) => [c.start, c.end]) ?? null,
    r.indentOnly,
  ]);

describe('diffPrograms', () => {
  it('reports no changes for identical input', () => {
    const m = diffPrograms(ECHO1, ECHO1);
    expect(m.identical).toBe(true);
    expect(m.stats).toEqual({ changed: 0, added: 0, removed: 0, unchanged: 9 });
    expect(m.rows.every((r) => r.kind === 'same' && r.left?.text === r.right?.text)).toBe(true);
    expect(summarize(m.stats)).toBe('No lines changed');
    // Nothing changed, so nothing needs context: the whole file folds.
    expect(m.hunks.map((h) => [h.collapsed, h.start, h.end])).toEqual([[true, 0, 9]]);
  });

  it('finds exactly the differing lines and characters of the echo servers', () => {
    const m = diffPrograms(ECHO1, ECHO2);
    expect(compact(m.rows)).toEqual([
      ['same', 1, 1, [], [], false],
      ['same', 2, 2, [], [], false],
      ['same', 3, 3, [], [], false],
      ['same', 4, 4, [], [], false],
      ['changed', 5, 5, [[9, 10]], [[9, 10]], false], // listen(1) -> listen(5)
      ['added', null, 6, null, [], false], // while True:
      ['changed', 6, 7, [], [[0, 4]], true], // only the new indent
      ['changed', 7, 8, [], [[0, 4]], true],
      ['changed', 8, 9, [[5, 9]], [[0, 4], [9, 16]], false], // send -> sendall
      ['changed', 9, 10, [], [[0, 4]], true],
    ]);
    expect(m.rows[5].right?.text).toBe('while True:');
    expect(m.stats).toEqual({ changed: 5, added: 1, removed: 0, unchanged: 4 });
    expect(summarize(m.stats)).toBe('5 lines changed, 1 added, 0 removed');
    expect(m.identical).toBe(false);
  });

  it('does not pair unrelated lines', () => {
    const m = diffPrograms('a = 1\npass\n', 'a = 1\nbreak\n');
    expect(compact(m.rows)).toEqual([
      ['same', 1, 1, [], [], false],
      ['removed', 2, null, [], null, false],
      ['added', null, 2, null, [], false],
    ]);
  });

  it('pairs a line with itself when only its trailing comment changed', () => {
    const m = diffPrograms('while True:   # for ever\n    go()\n', 'x = 0\nwhile True:\n    go()\n');
    expect(compact(m.rows)).toEqual([
      ['added', null, 1, null, [], false],
      ['changed', 1, 2, [[11, 24]], [], false],
      ['same', 2, 3, [], [], false],
    ]);
  });

  it("never matches a comment's spaces against the other side's indentation", () => {
    const m = diffPrograms('    self.s.send(x)  # to me\n', '        c.send(x)\n');
    // Indent +4 and `self.s.` -> `c.` are changes; `send(x)` is common.
    expect(compact(m.rows)).toEqual([['changed', 1, 1, [[4, 11], [18, 27]], [[4, 10]], false]]);
  });

  it('ignores CRLF, a missing final newline and a BOM, but records them', () => {
    const m = diffPrograms('\uFEFFa\r\nb\r\n', 'a\nb');
    expect(m.identical).toBe(true);
    expect(m.before).toEqual({ lineEnding: 'crlf', finalNewline: true, bom: true, lineCount: 2 });
    expect(m.after).toEqual({ lineEnding: 'lf', finalNewline: false, bom: false, lineCount: 2 });
  });

  it('handles empty files', () => {
    expect(diffPrograms('', '').rows).toEqual([]);
    expect(diffPrograms('', '').identical).toBe(true);
    expect(compact(diffPrograms('', 'x\n').rows)).toEqual([['added', null, 1, null, [], false]]);
    expect(compact(diffPrograms('x\ny', '').rows)).toEqual([
      ['removed', 1, null, [], null, false],
      ['removed', 2, null, [], null, false],
    ]);
  });

  it('slides an inserted method so it ends at a blank line', () => {
    const before = 'class A:\n    def a(self):\n        x\n\n    def run(self):\n        y\n';
    const after = 'class A:\n    def a(self):\n        x\n\n    def b(self):\n        z\n\n    def run(self):\n        y\n';
    const added = diffPrograms(before, after).rows.filter((r) => r.kind === 'added').map((r) => r.right?.lineNo);
    expect(added).toEqual([5, 6, 7]);
  });

  it('always produces a minimal diff (random inputs vs. plain LCS)', () => {
    let seed = 12345;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const alphabet = ['a', 'b', '', '    a', 'c'];
    for (let t = 0; t < 300; t++) {
      const a = Array.from({ length: rand(12) }, () => alphabet[rand(alphabet.length)]);
      const b = Array.from({ length: rand(12) }, () => alphabet[rand(alphabet.length)]);
      // A trailing '' element becomes a final newline, hence plainLines.
      const m = diffPrograms(a.join('\n'), b.join('\n'));
      checkAgainstLcs(plainLines(a.join('\n')), plainLines(b.join('\n')), m.rows);
    }
  });
});

describe('toUnified', () => {
  it('lists each block as all old lines, then all new lines', () => {
    const u = toUnified(diffPrograms(ECHO1, ECHO2).rows);
    expect(u.map((r) => [r.kind, r.oldLineNo, r.newLineNo, r.paired])).toEqual([
      ['same', 1, 1, false],
      ['same', 2, 2, false],
      ['same', 3, 3, false],
      ['same', 4, 4, false],
      ['removed', 5, null, true],
      ['removed', 6, null, true],
      ['removed', 7, null, true],
      ['removed', 8, null, true],
      ['removed', 9, null, true],
      ['added', null, 5, true],
      ['added', null, 6, false],
      ['added', null, 7, true],
      ['added', null, 8, true],
      ['added', null, 9, true],
      ['added', null, 10, true],
    ]);
    expect(u[13].changes).toEqual([{ start: 0, end: 4 }, { start: 9, end: 16 }]);
  });
});

describe('collapseUnchanged', () => {
  const rows = (spec: string) => [...spec].map((c) => ({ kind: c === '.' ? 'same' : 'changed' }));
  const ranges = (spec: string) => collapseUnchanged(rows(spec)).map((h) => [h.collapsed, h.start, h.end]);

  it('folds long runs, keeping 3 lines of context next to changes', () => {
    // 10 same, 1 change, 9 same: leading/trailing runs keep context only inward.
    expect(ranges('..........x.........')).toEqual([
      [true, 0, 7],
      [false, 7, 14],
      [true, 14, 20],
    ]);
  });

  it('does not fold short runs or a single hidden line', () => {
    expect(ranges('x......x')).toEqual([[false, 0, 8]]); // run of 6
    expect(ranges('x.......x')).toEqual([[false, 0, 9]]); // 7: would hide 1 line
    expect(ranges('x........x')).toEqual([
      [false, 0, 4],
      [true, 4, 6],
      [false, 6, 10],
    ]);
  });

  it('returns no hunks for no rows', () => {
    expect(collapseUnchanged([])).toEqual([]);
  });
});

// The real programs, when another engineer has written them.
const programs = fileURLToPath(new URL('../../content/programs/', import.meta.url));
describe('content/programs', () => {
  for (let n = 0; n < 5; n++) {
    const [p, q] = [`${programs}chatserver${n}.py`, `${programs}chatserver${n + 1}.py`];
    it.skipIf(!existsSync(p) || !existsSync(q))(`chatserver${n} vs chatserver${n + 1} is a minimal line diff`, () => {
      const [a, b] = [readFileSync(p, 'utf8'), readFileSync(q, 'utf8')];
      checkAgainstLcs(plainLines(a), plainLines(b), diffPrograms(a, b).rows);
    });
  }
});
