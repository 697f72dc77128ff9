// The text of one line inside a code cell: visually-hidden kind announcement,
// a decorative +/− sign, and the changed characters wrapped in <ins>/<del>.
import type { ReactNode } from 'react';
import type { Range } from './diff-model';
import styles from './diff-view.module.css';

export type Tone = 'same' | 'removed' | 'added';

interface LineTextProps {
  text: string;
  tone: Tone;
  /** Only for 'changed' rows; whole-line changes are conveyed by the row. */
  changes: Range[];
  /** Screen-reader prefix, e.g. "added line". Empty for unchanged lines. */
  announce: string;
}

export function LineText({ text, tone, changes, announce }: LineTextProps) {
  const Mark = tone === 'added' ? 'ins' : 'del';
  const parts: ReactNode[] = [];
  let pos = 0;
  for (const { start, end } of changes) {
    if (start > pos) parts.push(text.slice(pos, start));
    const piece = text.slice(start, end);
    // Whitespace-only changes (indentation) are invisible as plain
    // highlighted blanks on some screens; a distinct class makes them obvious.
    const ws = piece.trim() === '' ? styles.ws : undefined;
    parts.push(
      <Mark key={start} className={ws}>
        {piece}
      </Mark>,
    );
    pos = end;
  }
  if (pos < text.length) parts.push(text.slice(pos));

  return (
    <>
      {announce && <span className={styles.srOnly}>{announce}: </span>}
      {tone !== 'same' && (
        <span className={styles.sign} aria-hidden="true">
          {tone === 'added' ? '+' : '−'}
        </span>
      )}
      {parts}
    </>
  );
}

/** What a screen reader hears before a line; see DiffView for the wording. */
export function announcement(kind: 'same' | 'changed' | 'added' | 'removed', side: 'old' | 'new', indentOnly: boolean): string {
  if (kind === 'same') return '';
  if (kind === 'added') return 'added line';
  if (kind === 'removed') return 'removed line';
  const what = indentOnly ? 'changed line (indentation only)' : 'changed line';
  return `${what}, ${side} version`;
}
