"use client";
// The instructor's words on the student's page: an announcement to the class, or a note to them.
import { dismissNotice, useClass } from "./class-client";
import styles from "./class.module.css";

export function NoticeBar() {
  const { notices } = useClass();
  if (notices.length === 0) return null;
  return (
    <div className={styles.notices}>
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
