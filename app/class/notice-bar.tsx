"use client";
// The instructor's words on the student's page: an announcement to the class, or a note to them;
// and, while it is open, that the instructor has a terminal connected to the student's server.
import { dismissNotice, useClass } from "./class-client";
import styles from "./class.module.css";

export function NoticeBar() {
  const { notices, visitor } = useClass();
  if (notices.length === 0 && visitor.terminals === 0) return null;
  return (
    <div className={styles.notices}>
      {visitor.terminals > 0 && (
        <p role="status" className={styles.notice}>
          <strong>Your instructor connected a terminal to your server</strong> ({visitor.label}): what they type reaches your program like a classmate&apos;s line.
        </p>
      )}
      {notices.map((n) => (
        <p key={n.at} role="alert" className={styles.notice}>
          <strong>{n.to === "class" ? "Your instructor, to the class:" : "Your instructor, to you:"}</strong> {n.text}{" "}
          <button type="button" className="link-button" onClick={() => dismissNotice(n.at)}>
            Dismiss
          </button>
        </p>
      ))}
    </div>
  );
}
