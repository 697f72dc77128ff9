"use client";
// The bar above the editor: the file's name and what can be done to it.
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
}

export function EditorToolbar(props: EditorToolbarProps) {
  const { fileName, startingFileName, canReset, canUndo } = props;
  return (
    <div className={styles.toolbar}>
      <span className={styles.fileName}>{fileName}</span>
      {fileName !== startingFileName && <span className={styles.started}>started from {startingFileName}</span>}
      <span className={styles.actions}>
        {canUndo && (
          <button type="button" onClick={props.onUndo}>
            Undo reset
          </button>
        )}
        {props.earlier && (
          <button type="button" onClick={props.earlier.onUse}>
            {props.earlier.label}
          </button>
        )}
        <button type="button" onClick={props.onReset} disabled={!canReset} title={canReset ? undefined : "It is the starting program already"}>
          Reset to the starting program
        </button>
        <button type="button" onClick={props.onDownload}>
          Download {fileName}
        </button>
      </span>
    </div>
  );
}
