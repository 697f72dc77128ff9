"use client";
// Under the editor, once the instructor's release or hide moved the starting program on the open
// page: which program the student now starts from and why. Polite (role=status, not an alert):
// nothing went wrong, and the student's own text is never changed by it.
import styles from "./solution-editor.module.css";

/** `followed`: the editor now shows the new program (the student had not changed the old one). */
export function startingChangeNotice(reason: string, fileName: string, followed: boolean): string {
  return followed ? `${reason}: you now start from ${fileName}.` : `${reason}: the starting program is now ${fileName}. Your text is as you left it.`;
}

export interface StartingNoticeProps {
  text: string;
  /** Start again from the new program (the toolbar's Reset, with its question). */
  offer?: { label: string; onUse: () => void };
  onDismiss: () => void;
}

export function StartingNotice({ text, offer, onDismiss }: StartingNoticeProps) {
  return (
    <p className={styles.startingNotice} role="status">
      {text}{" "}
      {offer && (
        <>
          <button type="button" className="link-button" onClick={offer.onUse}>
            {offer.label}
          </button>{" "}
          ·{" "}
        </>
      )}
      <button type="button" className="link-button" onClick={onDismiss}>
        Dismiss
      </button>
    </p>
  );
}
