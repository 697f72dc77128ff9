// Myers' O(ND) shortest-edit-script diff over arrays of comparable items.
//
// Why Myers rather than patience: Myers yields a *minimal* edit script, i.e.
// its unchanged lines form a longest common subsequence. The tests rely on that
// ("changed lines are exactly what a plain LCS gives"), and for the short
// teaching programs we diff (tens to a few hundred lines) its quadratic worst
// case is irrelevant. Patience diff can be non-minimal; its readability benefit
// (not anchoring on blank lines) is recovered in diff-model.ts by sliding pure
// insert/delete runs, which keeps the script minimal.

export type OpKind = 'eq' | 'del' | 'ins';

/**
 * One step of the edit script. `a`/`b` are indices into the two inputs:
 * for 'eq' both point at the matched items; for 'del' `a` is the removed item
 * and `b` the position in `b` it would sit before; for 'ins' the converse.
 */
export interface Op {
  kind: OpKind;
  a: number;
  b: number;
}

export function myersDiff<T>(a: readonly T[], b: readonly T[]): Op[] {
  // Trimming the common prefix/suffix is cheap and shrinks D's search space;
  // the result stays minimal.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (
    suf < a.length - pre &&
    suf < b.length - pre &&
    a[a.length - 1 - suf] === b[b.length - 1 - suf]
  ) suf++;

  const ops: Op[] = [];
  for (let i = 0; i < pre; i++) ops.push({ kind: 'eq', a: i, b: i });
  for (const op of core(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf))) {
    ops.push({ kind: op.kind, a: op.a + pre, b: op.b + pre });
  }
  for (let i = suf; i > 0; i--) {
    ops.push({ kind: 'eq', a: a.length - i, b: b.length - i });
  }
  return ops;
}

function core<T>(a: readonly T[], b: readonly T[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((_, j) => ({ kind: 'ins' as const, a: 0, b: j }));
  if (m === 0) return a.map((_, i) => ({ kind: 'del' as const, a: i, b: 0 }));

  const max = n + m;
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] is V as it was *before* round d; the backtrack needs it.
  const trace: Int32Array[] = [];
  // Preferring the "down" move on ties puts deletions before insertions,
  // which is what readers expect for a replaced block.
  const down = (vv: Int32Array, k: number, d: number) =>
    k === -d || (k !== d && vv[k - 1 + off] < vv[k + 1 + off]);

  search: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = down(v, k, d) ? v[k + 1 + off] : v[k - 1 + off] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[k + off] = x;
      if (x >= n && y >= m) break search;
    }
  }

  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vv = trace[d];
    const k = x - y;
    const prevK = down(vv, k, d) ? k + 1 : k - 1;
    const prevX = vv[prevK + off];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ kind: 'eq', a: x, b: y });
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: 'ins', a: x, b: y - 1 });
      else ops.push({ kind: 'del', a: x - 1, b: y });
    }
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}
