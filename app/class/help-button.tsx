"use client";
// "Ask for help": the student's request to the instructor, with an optional message, then their
// place in the queue ("2nd in line") until the instructor is on the way, and a way to withdraw.
import { useState } from "react";
import { MAX_HELP_MESSAGE_CHARS } from "@/shared/class-messages";
import { askForHelp, useClass, withdrawHelp } from "./class-client";
import styles from "./class.module.css";

const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] ?? "th"}`;

export function HelpButton() {
  const { help } = useClass();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState("");
  const [unsent, setUnsent] = useState(false);

  if (help.state === "helping") {
    return (
      <span className={styles.helping} role="status">
        Your instructor is on the way
      </span>
    );
  }
  if (help.state === "waiting") {
    return (
      <span className={styles.waiting} role="status">
        Help asked: {help.place === 1 ? "you are next" : `${ordinal(help.place)} in line`}{" "}
        <button type="button" className="link-button" onClick={withdrawHelp}>
          Withdraw
        </button>
      </span>
    );
  }
  return (
    <>
      <button type="button" className="link-button" aria-expanded={open} aria-controls="ask-for-help" onClick={() => setOpen(!open)}>
        Ask for help
      </button>
      {open && (
        <form
          id="ask-for-help"
          className={styles.popover}
          onSubmit={(e) => {
            e.preventDefault();
            const sent = askForHelp(message.trim());
            setUnsent(!sent);
            if (sent) {
              setOpen(false);
              setMessage("");
            }
          }}
        >
          <label htmlFor="help-message">What are you stuck on? (optional)</label>
          <textarea id="help-message" className={styles.helpMessage} rows={3} maxLength={MAX_HELP_MESSAGE_CHARS} value={message} onChange={(e) => setMessage(e.target.value)} />
          {unsent && <p className={styles.error}>The lab is not reachable just now: try again in a moment.</p>}
          <button type="submit">Ask for help</button>
        </form>
      )}
    </>
  );
}
