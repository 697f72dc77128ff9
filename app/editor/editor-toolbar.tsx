"use client";
// The bar above the editor: the file's name and what can be done to it.
import type { ReactNode } from "react";
import styles from "./solution-editor.module.css";

export interface EditorToolbarProps {
  fileName: string;
  startingFileName: string;
  canReset: boolean;
  canUndo: boolean;
  onReset: () => void;
  onUndo: () => void;
  /** The student's version of the exercise before, when there is one to start from (exercises 3-5). */
  earlier?: { label: string; onUse: () => void };
  onDownload: () => void;
  /** More buttons, first in the row (the comparisons). */
  actions?: ReactNode;
  /** The History button (earlier versions kept by the lab). */
  history?: ReactNode;
}

export function EditorToolbar(props: EditorToolbarProps) {
  const { fileName, startingFileName, canReset, canUndo } = props;
  return (
    <div className={styles.toolbar}>
      <span className={styles.fileName}>{fileName}</span>
      {fileName !== startingFileName && <span className={styles.started}>started from {startingFileName}</span>}
      <span className={styles.actions}>
        {props.actions}
        {canUndo && (
          <button type="button" onClick={props.onUndo}>
            Undo reset
          </button>
        )}
        {props.history}
        {props.earlier && (
          <button type="button" onClick={props.earlier.onUse}>
            {props.earlier.label}
          </button>
        )}
        <button type="button" onClick={props.onReset} disabled={!canReset} aria-label="Reset to the starting program" title={canReset ? `Start again from ${startingFileName}` : "It is the starting program already"}>
          Reset
        </button>
        <button type="button" onClick={props.onDownload} aria-label={`Download ${fileName}`}>
          Download
        </button>
      </span>
    </div>
  );
}
