"use client";
// "History" above the editor: the versions of this exercise's program the lab keeps (at every Run,
// every Check, after each pause in typing, and the text another tab or computer replaced), newest
// first. Any of them can be looked at and restored; the text in the editor is kept first, so a
// restore loses nothing either.
import { useEffect, useId, useRef, useState } from "react";
import type { HistoryView } from "@/shared/class-messages";
import { keepVersion, requestHistory, useClass } from "./class-client";
import dialogStyles from "@/app/editor/confirm-dialog.module.css";
import styles from "./history-dialog.module.css";

const REASON: Record<string, string> = {
  run: "at a Run",
  check: "at a Check",
  pause: "typing paused",
  "other-tab": "replaced by another tab or computer",
  restore: "before a restore",
};

function when(at: number): string {
  const date = new Date(at);
  const time = date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  return date.toDateString() === new Date().toDateString() ? time : `${date.toLocaleDateString()} ${time}`;
}

function lines(text: string): string {
  const n = text.replace(/\n$/, "").split("\n").length;
  return `${n} line${n === 1 ? "" : "s"}`;
}

type Listing = { status: "loading" } | { status: "ready"; entries: HistoryView[] } | { status: "failed" };

export function HistoryButton({ stage, current, onRestore }: { stage: number; current: () => string; onRestore: (text: string) => void }) {
  const { student } = useClass();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [open, setOpen] = useState(false);
  const [listing, setListing] = useState<Listing>({ status: "loading" });
  const [shown, setShown] = useState<number | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (open && element && !element.open) element.showModal();
    if (!open && element?.open) element.close();
    if (!open) return;
    let live = true;
    setListing({ status: "loading" });
    setShown(null);
    void requestHistory(stage).then((entries) => {
      if (live) setListing(entries ? { status: "ready", entries: entries.filter((e) => e.item === "draft") } : { status: "failed" });
    });
    return () => {
      live = false;
    };
  }, [open, stage]);

  if (!student) return null;

  function restore(entry: HistoryView) {
    keepVersion(stage, "draft", current(), "restore");
    onRestore(entry.text);
    setOpen(false);
  }

  return (
    <>
      <button type="button" onClick={() => setOpen(true)} title="Earlier versions of this program, kept by the lab">
        History
      </button>
      <dialog ref={dialog} className={`${dialogStyles.dialog} ${styles.dialog}`} aria-labelledby={`${id}-title`} onClose={() => setOpen(false)}>
        <h2 id={`${id}-title`} className={dialogStyles.title}>
          History of your program
        </h2>
        <p className={styles.muted}>Kept by the lab at every Run, every Check, when typing pauses, and when another tab or computer saved over it.</p>
        {listing.status === "loading" && (
          <p role="status">
            <span className="spinner" aria-hidden="true" /> Fetching the versions…
          </p>
        )}
        {listing.status === "failed" && <p role="alert">The lab cannot list your versions just now (saving is paused). Try again in a moment.</p>}
        {listing.status === "ready" && listing.entries.length === 0 && <p>No earlier versions yet: one is kept at your first Run, Check or pause in typing.</p>}
        {listing.status === "ready" && listing.entries.length > 0 && (
          <ol className={styles.list}>
            {listing.entries.map((entry) => (
              <li key={entry.id} aria-label={`Version of ${when(entry.createdAt)}, ${REASON[entry.reason] ?? entry.reason}`}>
                <span className={styles.when}>{when(entry.createdAt)}</span>
                <span className={styles.muted}>
                  {REASON[entry.reason] ?? entry.reason} · {lines(entry.text)}
                </span>
                <span className={styles.buttons}>
                  <button type="button" aria-expanded={shown === entry.id} onClick={() => setShown(shown === entry.id ? null : entry.id)}>
                    {shown === entry.id ? "Hide" : "Show"}
                  </button>
                  <button type="button" onClick={() => restore(entry)}>
                    Restore
                  </button>
                </span>
                {shown === entry.id && <pre className={styles.preview}>{entry.text}</pre>}
              </li>
            ))}
          </ol>
        )}
        <div className={dialogStyles.actions}>
          <button type="button" autoFocus onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
      </dialog>
    </>
  );
}
