"use client";
// The first visit's question: the student's name (and the class code, when the instructor set one),
// or the personal code from another computer. Covers the page until the student has joined.
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { MAX_NAME_LENGTH } from "@/server/class/student-name";
import { continueWithCode, joinClass, useClass } from "./class-client";
import styles from "./class.module.css";

export function JoinGate() {
  const { student, classCode, refused } = useClass();
  const [mode, setMode] = useState<"name" | "code">("name");
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const instructor = usePathname()?.startsWith("/instructor");
  useEffect(() => setBusy(false), [refused, student]);
  useEffect(() => first.current?.focus(), [mode, student]);
  if (student !== null || instructor) return null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    if (mode === "name") joinClass(String(form.get("name") ?? ""), classCode ? String(form.get("classCode") ?? "") : undefined);
    else continueWithCode(String(form.get("code") ?? ""));
  }
  const error = (field: string) =>
    refused?.field === field ? (
      <p id={`join-${field}-error`} className={styles.error} role="alert">
        {refused.message}
      </p>
    ) : null;

  return (
    <div className={styles.gate}>
      <form className={styles.card} onSubmit={submit} aria-labelledby="join-title" noValidate>
        <h1 id="join-title">{mode === "name" ? "Join the class" : "Continue on this computer"}</h1>
        {mode === "name" ? (
          <>
            <p>Your name is how your instructor sees your work and helps you.</p>
            <label htmlFor="join-name">Your name</label>
            <input ref={first} id="join-name" name="name" autoComplete="name" maxLength={MAX_NAME_LENGTH * 2} aria-describedby="join-name-error" aria-invalid={refused?.field === "name"} />
            {error("name")}
            {classCode && (
              <>
                <label htmlFor="join-class-code">Class code (from your instructor)</label>
                <input id="join-class-code" name="classCode" autoComplete="off" aria-describedby="join-classCode-error" aria-invalid={refused?.field === "classCode"} />
                {error("classCode")}
              </>
            )}
            <button type="submit" disabled={busy}>
              {busy ? "Joining…" : "Join"}
            </button>
            <p className={styles.switch}>
              Joined already on another computer?{" "}
              <button type="button" className="link-button" onClick={() => setMode("code")}>
                Use your personal code
              </button>
            </p>
          </>
        ) : (
          <>
            <p>Type the personal code shown under your name on the other computer: your work comes with you.</p>
            <label htmlFor="join-code">Personal code</label>
            <input ref={first} id="join-code" name="code" autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={20} aria-describedby="join-code-error" aria-invalid={refused?.field === "code"} />
            {error("code")}
            <button type="submit" disabled={busy}>
              {busy ? "Checking…" : "Continue"}
            </button>
            <p className={styles.switch}>
              <button type="button" className="link-button" onClick={() => setMode("name")}>
                Join with your name instead
              </button>
            </p>
          </>
        )}
      </form>
    </div>
  );
}
