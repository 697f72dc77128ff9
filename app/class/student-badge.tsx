"use client";
// The header's student: their name, whether their work is saved on the lab server, and "Ask for
// help". The name is the button for "Continue on another computer" (their personal code and a link
// that brings them there): used once or twice a term, it gets no words of its own in the header,
// which then keeps to one line at 1366 px with a running program's bar beside it.
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { useClass } from "./class-client";
import { HelpButton } from "./help-button";
import styles from "./class.module.css";

const SAVING = {
  saved: "work saved",
  saving: "saving…",
  paused: "saving paused — your work is kept in this browser",
} as const;

export function StudentBadge() {
  const { student, saving, pausedMessage } = useClass();
  const [open, setOpen] = useState(false);
  const [origin, setOrigin] = useState("");
  const instructor = usePathname()?.startsWith("/instructor");
  useEffect(() => setOrigin(location.origin), []);
  if (!student || instructor) return null;
  const link = `${origin}/#continue=${student.code}`;
  return (
    <div className={styles.badge}>
      <button type="button" className={`link-button ${styles.name}`} aria-expanded={open} aria-controls="continue-elsewhere" onClick={() => setOpen(!open)} title={`${student.name}: continue on another computer`}>
        {student.name}
        <span className="visually-hidden">: continue on another computer</span>
        <span aria-hidden="true"> ▾</span>
      </button>
      <span className={saving === "paused" ? styles.paused : styles.saving} role="status" title={pausedMessage}>
        {SAVING[saving]}
      </span>
      <HelpButton />
      {open && (
        <div id="continue-elsewhere" className={styles.popover}>
          <p className={styles.popoverTitle}>Continue on another computer</p>
          <p>
            Your personal code: <strong className={styles.code}>{student.code}</strong>
          </p>
          <p>
            On the other computer, open <a href={link}>{link}</a> or choose “Use your personal code” and type it. Keep it to yourself: it opens your work.
          </p>
        </div>
      )}
    </div>
  );
}
