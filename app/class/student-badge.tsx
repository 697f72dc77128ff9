"use client";
// The header's student: their name, whether their work is saved on the lab server, and
// "Continue on another computer" with their personal code and a link that brings them there.
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
      <span className={styles.name}>{student.name}</span>
      <span className={saving === "paused" ? styles.paused : styles.saving} role="status" title={pausedMessage}>
        {SAVING[saving]}
      </span>
      <HelpButton />
      <button type="button" className="link-button" aria-expanded={open} aria-controls="continue-elsewhere" onClick={() => setOpen(!open)}>
        Continue on another computer
      </button>
      {open && (
        <div id="continue-elsewhere" className={styles.popover}>
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
