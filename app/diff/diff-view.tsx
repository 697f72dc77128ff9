// Side-by-side / inline comparison of two programs, rendered entirely on the
// server. No "use client" and no hooks: the view toggle is two radio inputs
// driven by CSS sibling selectors, and folds are native <details>, so the
// page is complete and usable before (or without) any script.
import { collapseUnchanged, diffPrograms, summarize, toUnified, type CollapseOptions, type DiffModel } from './diff-model';
import { SplitTable, UnifiedTable } from './diff-tables';
import styles from './diff-view.module.css';

export interface DiffViewProps {
  before: string;
  after: string;
  /** Shown as column headings and in the caption, e.g. "chatserver1.py". */
  beforeLabel: string;
  afterLabel: string;
  /**
   * Prefix for element ids and the radio group name. Derived from the inputs
   * by default; pass one if the same comparison appears twice on a page.
   */
  id?: string;
  collapse?: CollapseOptions;
}

export function DiffView({ before, after, beforeLabel, afterLabel, id, collapse }: DiffViewProps) {
  const model = diffPrograms(before, after, collapse);
  const uid = id ?? `diff-${hash([beforeLabel, afterLabel, before, after].join('\u0000'))}`;
  const digits = Math.max(2, String(Math.max(model.before.lineCount, model.after.lineCount)).length);
  const labels = { beforeLabel, afterLabel, digits };

  return (
    <figure className={styles.diff} id={uid}>
      <figcaption className={styles.caption}>
        <span className={styles.title}>
          <code>{beforeLabel}</code> <span aria-hidden="true">→</span>
          <span className={styles.srOnly}>compared with</span> <code>{afterLabel}</code>
        </span>
        <span className={styles.summary}>
          {summarize(model.stats)}
          {model.identical && ': the programs are identical'}
        </span>
        {notes(model, beforeLabel, afterLabel).map((n) => (
          <span key={n} className={styles.note}>{n}</span>
        ))}
      </figcaption>

      {/* Radios must stay siblings of the two views for the `~` selectors. */}
      <input type="radio" name={uid} id={`${uid}-split`} className={`${styles.radio} ${styles.radioSplit}`} defaultChecked />
      <input type="radio" name={uid} id={`${uid}-inline`} className={`${styles.radio} ${styles.radioInline}`} />
      <div className={styles.controls}>
        <span className={styles.controlsLabel} aria-hidden="true">View</span>
        <label htmlFor={`${uid}-split`} className={styles.labelSplit}>Side by side</label>
        <label htmlFor={`${uid}-inline`} className={styles.labelInline}>Inline</label>
      </div>

      <div className={styles.split}>
        <SplitTable hunks={model.hunks} {...labels} />
      </div>
      <div className={styles.inline}>
        <UnifiedTable hunks={collapseUnchanged(toUnified(model.rows), collapse)} {...labels} />
      </div>
    </figure>
  );
}

// Differences the line comparison deliberately ignores, stated so nobody is
// puzzled when e.g. a CRLF file shows "No lines changed".
function notes(model: DiffModel, beforeLabel: string, afterLabel: string): string[] {
  const out: string[] = [];
  const { before: a, after: b } = model;
  const known = (e: string) => e !== 'none';
  if (known(a.lineEnding) && known(b.lineEnding) && a.lineEnding !== b.lineEnding) {
    out.push(`Line endings differ (${a.lineEnding.toUpperCase()} vs ${b.lineEnding.toUpperCase()}); ignored.`);
  }
  if (a.lineCount > 0 && b.lineCount > 0 && a.finalNewline !== b.finalNewline) {
    const missing = a.finalNewline ? afterLabel : beforeLabel;
    out.push(`${missing} has no newline at end of file; ignored.`);
  }
  if (a.bom !== b.bom) out.push(`${a.bom ? beforeLabel : afterLabel} starts with a byte order mark; ignored.`);
  return out;
}

// FNV-1a: a stable, dependency-free id so server and client markup agree.
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
