"use client";
// One screen for one exercise: the text on the left, the program (the student's editor, or the
// lab's listing) above the Run panel and terminals on the right. The bars between the panes move,
// every pane folds away, and both are remembered. A narrow or short screen stacks the panes.
// `beside` is room for one more pane next to the run pane (a timeline, say).
import { useEffect, type ReactNode } from "react";
import { clampShare, usePaneLayout, type PaneName } from "./pane-layout";
import { onShowRun } from "./show-run";
import { Splitter } from "./splitter";
import styles from "./workbench.module.css";

export interface WorkbenchProps {
  text: ReactNode;
  textTitle: string;
  top: ReactNode;
  topTitle: string;
  bottom: ReactNode;
  bottomTitle: string;
  beside?: ReactNode;
}

export function Workbench({ text, textTitle, top, topTitle, bottom, bottomTitle, beside }: WorkbenchProps) {
  const { layout, resize, fold } = usePaneLayout();
  const { folded } = layout;
  useEffect(() => onShowRun(() => fold("bottom", false)), [fold]);
  const pane = (name: PaneName, title: string, body: ReactNode) => (
    <section className={styles.pane} data-pane={name} data-folded={folded[name]} aria-label={title}>
      <div className={styles.paneBar}>
        <span className={styles.paneTitle}>{title}</span>
        <button type="button" className={styles.fold} aria-expanded={!folded[name]} onClick={() => fold(name, !folded[name])}>
          {folded[name] ? "Show" : "Hide"}
          <span className="visually-hidden"> {title}</span>
        </button>
      </div>
      {/* Folded panes stay mounted: a folded editor keeps its text, a folded run its terminals. */}
      <div className={styles.paneBody} hidden={folded[name]}>
        {body}
      </div>
    </section>
  );
  return (
    <div
      className={styles.workbench}
      data-workbench=""
      data-text-folded={folded.text}
      data-top-folded={folded.top}
      data-bottom-folded={folded.bottom}
      style={{ ["--text-share" as string]: `${layout.text * 100}%`, ["--top-share" as string]: `${layout.top * 100}%` }}
    >
      {pane("text", textTitle, text)}
      {!folded.text && <Splitter orientation="vertical" label="Width of the exercise text" share={layout.text} min={clampShare("text", 0)} max={clampShare("text", 1)} onShare={(s) => resize("text", s)} />}
      <div className={styles.right}>
        {pane("top", topTitle, top)}
        {!folded.top && !folded.bottom && (
          <Splitter orientation="horizontal" label={`Height of ${topTitle}`} share={layout.top} min={clampShare("top", 0)} max={clampShare("top", 1)} onShare={(s) => resize("top", s)} />
        )}
        <div className={styles.bottomRow}>
          {pane("bottom", bottomTitle, bottom)}
          {beside}
        </div>
      </div>
    </div>
  );
}
