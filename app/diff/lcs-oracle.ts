// Test oracle: an independent, plain dynamic-programming LCS that the diff
// must agree with. Not a test file itself; imported by diff-model.test.ts.
import { expect } from 'vitest';
import type { SideBySideRow } from './diff-model';

export function plainLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The unchanged rows must be a longest common subsequence computed by plain
 * DP. When several LCSs exist (e.g. which blank line matches) the *set* of
 * changed lines is not unique, so we check it exactly where it is determined:
 * a line in every LCS must be unchanged, a line in no LCS must be changed.
 */
export function checkAgainstLcs(a: string[], b: string[], rows: SideBySideRow[]) {
  const n = a.length;
  const m = b.length;
  const pre = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  const suf = Array.from({ length: n + 2 }, () => new Array<number>(m + 2).fill(0));
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= m; j++)
      pre[i][j] = a[i - 1] === b[j - 1] ? pre[i - 1][j - 1] + 1 : Math.max(pre[i - 1][j], pre[i][j - 1]);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      suf[i][j] = a[i] === b[j] ? suf[i + 1][j + 1] + 1 : Math.max(suf[i + 1][j], suf[i][j + 1]);
  const lcs = pre[n][m];

  const same = rows.filter((r) => r.kind === 'same');
  expect(same.length).toBe(lcs);
  for (const r of same) expect(r.left?.text).toBe(r.right?.text);
  // Every line appears exactly once per side, in order.
  expect(rows.flatMap((r) => (r.left ? [r.left.lineNo] : []))).toEqual(a.map((_, i) => i + 1));
  expect(rows.flatMap((r) => (r.right ? [r.right.lineNo] : []))).toEqual(b.map((_, j) => j + 1));

  const unchangedLeft = new Set(same.map((r) => r.left!.lineNo - 1));
  for (let i = 0; i < n; i++) {
    let withoutI = 0;
    let inSome = false;
    for (let j = 0; j <= m; j++) {
      withoutI = Math.max(withoutI, pre[i][j] + suf[i + 1][j]);
      if (j < m && a[i] === b[j] && pre[i][j] + 1 + suf[i + 1][j + 1] === lcs) inSome = true;
    }
    if (withoutI < lcs) expect(unchangedLeft.has(i), `left line ${i + 1} is in every LCS`).toBe(true);
    if (!inSome) expect(unchangedLeft.has(i), `left line ${i + 1} is in no LCS`).toBe(false);
  }
  const unchangedRight = new Set(same.map((r) => r.right!.lineNo - 1));
  for (let j = 0; j < m; j++) {
    let withoutJ = 0;
    let inSome = false;
    for (let i = 0; i <= n; i++) {
      withoutJ = Math.max(withoutJ, pre[i][j] + suf[i][j + 1]);
      if (i < n && a[i] === b[j] && pre[i][j] + 1 + suf[i + 1][j + 1] === lcs) inSome = true;
    }
    if (withoutJ < lcs) expect(unchangedRight.has(j), `right line ${j + 1} is in every LCS`).toBe(true);
    if (!inSome) expect(unchangedRight.has(j), `right line ${j + 1} is in no LCS`).toBe(false);
  }
}
