// Post-processing of a line-level Myers script into something a person reads
// comfortably, without giving up minimality (the set sizes of changed lines
// never change here, only *which* of several equally short scripts we show).
import type { Op } from './myers';
import { similarity, similarityTokens } from './intraline';

/** Lines must be more similar than this to be shown as one "changed" line. */
const PAIR_THRESHOLD = 0.5;

// Above this many candidate pairs the pairing DP is skipped (positional
// pairing instead); only reachable with wholesale rewrites of big files.
const MAX_PAIR_CELLS = 250_000;

const isBlank = (s: string) => s.trim() === '';

/**
 * Slide pure insertion/deletion runs up or down through identical lines (the
 * classic "diff slider" problem). Myers may report an inserted method as
 * "blank, def b, body" when "def b, body, blank" reads better; we pick the
 * lowest position whose last line is blank, else keep Myers' choice. Runs are
 * never slid into contact with another change, so blocks don't merge.
 */
export function slideRuns(ops: Op[], a: readonly string[], b: readonly string[]): Op[] {
  const slidDels = slideKind(ops, a);
  return swap(slideKind(swap(slidDels), b));
}

// Exchange the roles of the two files so one routine handles both kinds.
function swap(ops: Op[]): Op[] {
  return ops.map((op) => ({
    kind: op.kind === 'del' ? 'ins' : op.kind === 'ins' ? 'del' : 'eq',
    a: op.b,
    b: op.a,
  }));
}

function slideKind(input: Op[], a: readonly string[]): Op[] {
  const ops = input.slice();
  let s = 0;
  while (s < ops.length) {
    if (ops[s].kind === 'eq') {
      s++;
      continue;
    }
    let e = s;
    while (e < ops.length && ops[e].kind !== 'eq') e++;
    const pure = ops.slice(s, e).every((op) => op.kind === 'del');
    if (pure) {
      let up = 0;
      while (s - up - 1 >= 0 && ops[s - up - 1].kind === 'eq') up++;
      let down = 0;
      while (e + down < ops.length && ops[e + down].kind === 'eq') down++;
      // Stopping one short of a neighbouring change keeps blocks separate.
      const upLimit = s - up === 0 ? up : up - 1;
      const downLimit = e + down === ops.length ? down : down - 1;
      const lo = ops[s].a;
      const k = e - s;
      let minT = 0;
      while (-minT < upLimit && a[lo + minT - 1] === a[lo + k + minT - 1]) minT--;
      let maxT = 0;
      while (maxT < downLimit && a[lo + maxT] === a[lo + k + maxT]) maxT++;
      let best = 0;
      for (let t = maxT; t >= minT; t--) {
        if (isBlank(a[lo + k + t - 1])) {
          best = t;
          break;
        }
      }
      if (best !== 0) {
        // Rebuild the eq region + run: A's eq lines change, B's stay put.
        const first = s - up;
        const otherSide = [...ops.slice(first, s), ...ops.slice(e, e + down)].map((op) => op.b);
        // A run slid to the very end sits before B's end-of-file position.
        const bEnd = otherSide.length ? otherSide[otherSide.length - 1] + 1 : ops[s].b;
        const rebuilt: Op[] = [];
        let bi = 0;
        for (let ai = lo - up; ai < lo + k + down; ai++) {
          const inRun = ai >= lo + best && ai < lo + best + k;
          if (inRun) rebuilt.push({ kind: 'del', a: ai, b: otherSide[bi] ?? bEnd });
          else rebuilt.push({ kind: 'eq', a: ai, b: otherSide[bi++] });
        }
        ops.splice(first, up + k + down, ...rebuilt);
      }
    }
    s = e;
  }
  return ops;
}

export type PairedRow =
  | { kind: 'changed'; a: number; b: number }
  | { kind: 'removed'; a: number }
  | { kind: 'added'; b: number };

/**
 * Turn one block of removed lines and the added lines replacing them into
 * rows, pairing lines that are recognisably the same line edited (e.g. a
 * re-indented statement) and leaving the rest as plain removals/additions.
 * Pairing is an order-preserving alignment maximising total similarity, so
 * wrapping a block in `while True:` pairs each old line with its re-indented
 * self instead of pairing the first old line with `while True:`.
 */
export function pairBlock(dels: number[], inss: number[], a: readonly string[], b: readonly string[]): PairedRow[] {
  const k = dels.length;
  const l = inss.length;
  if (k * l > MAX_PAIR_CELLS) return positional(dels, inss);
  const ta = dels.map((i) => similarityTokens(a[i]));
  const tb = inss.map((j) => similarityTokens(b[j]));
  const sim = (i: number, j: number) => similarity(ta[i], tb[j]);
  // best[i][j]: best score for dels[i..] vs inss[j..].
  const best = Array.from({ length: k + 1 }, () => new Float64Array(l + 1));
  const simAt = Array.from({ length: k }, () => new Float64Array(l));
  for (let i = k - 1; i >= 0; i--) {
    for (let j = l - 1; j >= 0; j--) {
      const s = sim(i, j);
      simAt[i][j] = s;
      const pair = s > PAIR_THRESHOLD ? s + best[i + 1][j + 1] : -1;
      best[i][j] = Math.max(pair, best[i + 1][j], best[i][j + 1]);
    }
  }
  const rows: PairedRow[] = [];
  let i = 0;
  let j = 0;
  while (i < k || j < l) {
    if (i < k && j < l && simAt[i][j] > PAIR_THRESHOLD && best[i][j] === simAt[i][j] + best[i + 1][j + 1]) {
      rows.push({ kind: 'changed', a: dels[i++], b: inss[j++] });
    } else if (i < k && (j === l || best[i][j] === best[i + 1][j])) {
      rows.push({ kind: 'removed', a: dels[i++] });
    } else {
      rows.push({ kind: 'added', b: inss[j++] });
    }
  }
  return rows;
}

function positional(dels: number[], inss: number[]): PairedRow[] {
  const rows: PairedRow[] = [];
  const n = Math.max(dels.length, inss.length);
  for (let i = 0; i < n; i++) {
    if (i < dels.length && i < inss.length) rows.push({ kind: 'changed', a: dels[i], b: inss[i] });
    else if (i < dels.length) rows.push({ kind: 'removed', a: dels[i] });
    else rows.push({ kind: 'added', b: inss[i] });
  }
  return rows;
}
