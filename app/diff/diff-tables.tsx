// The two renderings of a diff: side-by-side and inline (unified). Both are
// plain tables so they read linearly without CSS or JS and print well.
import type { ReactNode } from 'react';
import type { Hunk, LineRef, SideBySideRow, UnifiedRow } from './diff-model';
import { LineText, announcement, type Tone } from './line-text';
import styles from './diff-view.module.css';

const cx = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(' ') || undefined;
const toneClass = (tone: Tone) => (tone === 'added' ? styles.insLine : tone === 'removed' ? styles.delLine : undefined);

interface TableProps<R> {
  hunks: Hunk<R>[];
  beforeLabel: string;
  afterLabel: string;
  /** Widest line number, to size the number columns. */
  digits: number;
}

// A fixed layout with explicit number-column widths lets the table nested in
// a fold line up exactly with the outer one.
function Cols({ count, digits }: { count: 3 | 4; digits: number }) {
  const num = { width: `calc(${digits}ch + 1.25rem)` };
  if (count === 3) return <colgroup><col style={num} /><col style={num} /><col /></colgroup>;
  return <colgroup><col style={num} /><col /><col style={num} /><col /></colgroup>;
}

/**
 * A long unchanged run: a native <details> (works without JS) holding the
 * rows in a nested table, plus (for the side-by-side view, the one that
 * prints) a print-only copy of the rows directly in the outer table, because
 * browsers don't print the content of a closed <details>.
 */
function Fold({ rows, cols, digits, printCopy }: { rows: ReactNode[]; cols: 3 | 4; digits: number; printCopy: boolean }) {
  const n = rows.length;
  return (
    <>
      <tbody className={styles.fold}>
        <tr>
          <td colSpan={cols} className={styles.foldCell}>
            <details>
              <summary>Show {n} unchanged lines</summary>
              <table className={styles.table}>
                <Cols count={cols} digits={digits} />
                <tbody>{rows}</tbody>
              </table>
            </details>
          </td>
        </tr>
      </tbody>
      {printCopy && <tbody className={styles.printOnly}>{rows}</tbody>}
    </>
  );
}

function SideCells({ line, tone, kind, side, indentOnly }: {
  line: LineRef | null;
  tone: Tone;
  kind: SideBySideRow['kind'];
  side: 'old' | 'new';
  indentOnly: boolean;
}) {
  const edge = side === 'new' ? styles.divider : undefined;
  if (!line) {
    return (
      <>
        <td className={cx(styles.num, styles.empty, edge)} />
        <td className={cx(styles.code, styles.empty)} />
      </>
    );
  }
  return (
    <>
      <td className={cx(styles.num, toneClass(tone), edge)}>{line.lineNo}</td>
      <td className={cx(styles.code, toneClass(tone))}>
        <LineText text={line.text} tone={tone} changes={line.changes} announce={announcement(kind, side, indentOnly)} />
      </td>
    </>
  );
}

function splitRow(r: SideBySideRow) {
  const changed = r.kind !== 'same';
  return (
    <tr key={`${r.left?.lineNo ?? ''}-${r.right?.lineNo ?? ''}`}>
      <SideCells line={r.left} tone={changed ? 'removed' : 'same'} kind={r.kind} side="old" indentOnly={r.indentOnly} />
      <SideCells line={r.right} tone={changed ? 'added' : 'same'} kind={r.kind} side="new" indentOnly={r.indentOnly} />
    </tr>
  );
}

export function SplitTable({ hunks, beforeLabel, afterLabel, digits }: TableProps<SideBySideRow>) {
  return (
    <table className={styles.table}>
      <caption className={styles.srOnly}>
        {beforeLabel} and {afterLabel}, side by side
      </caption>
      <Cols count={4} digits={digits} />
      <thead>
        <tr>
          <th scope="col" className={styles.num}><span className={styles.srOnly}>Line in {beforeLabel}</span></th>
          <th scope="col">{beforeLabel}</th>
          <th scope="col" className={cx(styles.num, styles.divider)}><span className={styles.srOnly}>Line in {afterLabel}</span></th>
          <th scope="col">{afterLabel}</th>
        </tr>
      </thead>
      {hunks.map((h) =>
        h.collapsed ? (
          <Fold key={h.start} rows={h.rows.map(splitRow)} cols={4} digits={digits} printCopy />
        ) : (
          <tbody key={h.start}>{h.rows.map(splitRow)}</tbody>
        ),
      )}
    </table>
  );
}

function unifiedRow(r: UnifiedRow) {
  const tone: Tone = r.kind;
  const kind = r.kind === 'same' ? 'same' : r.paired ? 'changed' : r.kind;
  const side = r.kind === 'added' ? 'new' : 'old';
  return (
    <tr key={`${r.oldLineNo ?? ''}-${r.newLineNo ?? ''}`}>
      <td className={cx(styles.num, toneClass(tone))}>{r.oldLineNo}</td>
      <td className={cx(styles.num, toneClass(tone))}>{r.newLineNo}</td>
      <td className={cx(styles.code, toneClass(tone))}>
        <LineText text={r.text} tone={tone} changes={r.changes} announce={announcement(kind, side, r.indentOnly)} />
      </td>
    </tr>
  );
}

export function UnifiedTable({ hunks, beforeLabel, afterLabel, digits }: TableProps<UnifiedRow>) {
  return (
    <table className={styles.table}>
      <caption className={styles.srOnly}>
        Changes from {beforeLabel} to {afterLabel}, inline
      </caption>
      <Cols count={3} digits={digits} />
      <thead>
        <tr>
          <th scope="col" className={styles.num}><span className={styles.srOnly}>Line in {beforeLabel}</span></th>
          <th scope="col" className={styles.num}><span className={styles.srOnly}>Line in {afterLabel}</span></th>
          <th scope="col">
            {beforeLabel} <span aria-hidden="true">→</span>
            <span className={styles.srOnly}>to</span> {afterLabel}
          </th>
        </tr>
      </thead>
      {hunks.map((h) =>
        h.collapsed ? (
          <Fold key={h.start} rows={h.rows.map(unifiedRow)} cols={3} digits={digits} printCopy={false} />
        ) : (
          <tbody key={h.start}>{h.rows.map(unifiedRow)}</tbody>
        ),
      )}
    </table>
  );
}
