"use client";
// "Compare with the starting program", and, only when the student explicitly asks for it, with
// the reference solution. The reference is fetched at that moment (never part of the page, so it
// cannot be read in the page source by accident); with no referenceUrl (the instructor hid the
// references) the reveal button is not rendered at all.
import { useState } from "react";
import { programFileName } from "@/shared/stages";
import { DiffPane } from "./diff-pane";
import styles from "./compare-with.module.css";

export interface CompareWithProps {
  stage: number;
  /** The student's current text (from SolutionEditor's onSourceChange). */
  source: string;
  startingSource: string;
  startingFileName: string;
  /** Where the reference solution's text is served (text/plain); omitted when references are hidden. */
  referenceUrl?: string;
}

type Against = "starting" | "reference";
type Reference = { status: "loading" } | { status: "ready"; text: string } | { status: "failed"; error: string };

export function CompareWith({ stage, source, startingSource, startingFileName, referenceUrl }: CompareWithProps) {
  const [against, setAgainst] = useState<Against | null>(null);
  const [reference, setReference] = useState<Reference | null>(null);
  const fileName = programFileName(stage);

  async function fetchReference(url: string) {
    setReference({ status: "loading" });
    try {
      const response = await fetch(url, { cache: "no-store" });
      if (!response.ok) throw new Error(`the lab answered ${response.status} ${response.statusText}`.trim());
      setReference({ status: "ready", text: await response.text() });
    } catch (error) {
      setReference({ status: "failed", error: error instanceof Error ? error.message : String(error) });
    }
  }

  function reveal() {
    setAgainst("reference");
    if (referenceUrl && reference?.status !== "ready") void fetchReference(referenceUrl);
  }

  const ownLabel = `Your ${fileName}`;
  return (
    <section className={styles.compare} aria-label="Compare your program">
      <div className={styles.toolbar}>
        <button type="button" aria-pressed={against === "starting"} onClick={() => setAgainst(against === "starting" ? null : "starting")}>
          Compare with the starting program
        </button>
        {referenceUrl && reference && (
          <button type="button" aria-pressed={against === "reference"} onClick={() => (against === "reference" ? setAgainst(null) : reveal())}>
            Compare with the reference solution
          </button>
        )}
        {against && (
          <button type="button" onClick={() => setAgainst(null)}>
            Close the comparison
          </button>
        )}
      </div>
      {referenceUrl && !reference && (
        <div className={styles.reveal}>
          <p id={`reveal-warning-${stage}`}>
            The reference solution is one way to do this exercise. Try your own first: once you have seen it, you cannot unsee it.
          </p>
          <button type="button" aria-describedby={`reveal-warning-${stage}`} onClick={reveal}>
            Reveal the reference solution
          </button>
        </div>
      )}
      {against === "starting" && (
        <DiffPane original={startingSource} modified={source} originalLabel={`${startingFileName} (the starting program)`} modifiedLabel={ownLabel} />
      )}
      {against === "reference" && reference?.status === "ready" && (
        <DiffPane original={reference.text} modified={source} originalLabel={`${fileName} (the reference solution)`} modifiedLabel={ownLabel} />
      )}
      {against === "reference" && reference?.status === "loading" && (
        <p className={styles.loading} role="status">
          <span className="spinner" aria-hidden="true" /> Fetching the reference solution…
        </p>
      )}
      {against === "reference" && reference?.status === "failed" && (
        <p className={styles.problem} role="alert">
          The reference solution could not be fetched ({reference.error}).{" "}
          <button type="button" className="link-button" onClick={() => referenceUrl && void fetchReference(referenceUrl)}>
            Try again
          </button>
        </p>
      )}
    </section>
  );
}
