"use client";
// A Monaco diff editor, side by side: the read-only original on the left, the student's current
// text on the right (read-only here too: the editor above is where they type, and this follows it
// live). Monaco loads when the pane is opened. If it cannot load, the lab's own server-side diff
// view is used instead, imported only then.
import { useEffect, useRef, useState, type ComponentType } from "react";
import type * as MonacoApi from "monaco-editor";
import type { DiffViewProps } from "@/app/diff/diff-view";
import { sharedOptions } from "./monaco-options";
import { useMonaco } from "./use-monaco";
import styles from "./compare-with.module.css";

export interface DiffPaneProps {
  original: string;
  modified: string;
  originalLabel: string;
  modifiedLabel: string;
}

interface Models {
  original: MonacoApi.editor.ITextModel;
  modified: MonacoApi.editor.ITextModel;
}

export function DiffPane({ original, modified, originalLabel, modifiedLabel }: DiffPaneProps) {
  const box = useRef<HTMLDivElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const models = useRef<Models | null>(null);
  const monaco = useMonaco(box, true);
  const [Fallback, setFallback] = useState<ComponentType<DiffViewProps> | null>(null);
  const [created, setCreated] = useState(false);

  useEffect(() => {
    const api = monaco.monaco;
    if (!api || !host.current) return;
    const pair: Models = {
      original: api.editor.createModel(original, "python"),
      modified: api.editor.createModel(modified, "python"),
    };
    const diff = api.editor.createDiffEditor(host.current, {
      ...sharedOptions(),
      readOnly: true,
      originalEditable: false,
      renderSideBySide: true,
      // Narrow screens (phones) get the inline view; a lab column stays side by side.
      useInlineViewWhenSpaceIsLimited: true,
      renderSideBySideInlineBreakpoint: 560,
      // Indentation is Python's syntax: a change in leading spaces is a real change.
      ignoreTrimWhitespace: false,
      renderOverviewRuler: true,
      ariaLabel: `${modifiedLabel} compared with ${originalLabel}`,
    });
    diff.setModel(pair);
    models.current = pair;
    setCreated(true);
    return () => {
      diff.dispose();
      pair.original.dispose();
      pair.modified.dispose();
      models.current = null;
      setCreated(false);
    };
    // Created once per load; the texts are kept up to date by the effect below.
  }, [monaco.monaco]);

  useEffect(() => {
    const pair = models.current;
    if (!pair) return;
    if (pair.original.getValue() !== original) pair.original.setValue(original);
    if (pair.modified.getValue() !== modified) pair.modified.setValue(modified);
  }, [original, modified, created]);

  useEffect(() => {
    if (monaco.status !== "failed" || Fallback) return;
    void import("@/app/diff/diff-view").then((m) => setFallback(() => m.DiffView));
  }, [monaco.status, Fallback]);

  if (monaco.status === "failed") {
    return (
      <div className={styles.pane}>
        <p className={styles.problem}>
          The side-by-side editor could not load ({monaco.error}); here is a plain comparison instead.{" "}
          <button type="button" className="link-button" onClick={monaco.retry}>
            Try again
          </button>
        </p>
        {Fallback && <Fallback before={original} after={modified} beforeLabel={originalLabel} afterLabel={modifiedLabel} />}
      </div>
    );
  }
  return (
    <div className={styles.pane}>
      <div className={styles.labels} aria-hidden="true">
        <span>{originalLabel}</span>
        <span>{modifiedLabel}</span>
      </div>
      <div className={styles.box} ref={box}>
        <div className={styles.host} ref={host} />
        {!created && (
          <p className={styles.loading} role="status">
            <span className="spinner" aria-hidden="true" /> Loading the comparison…
          </p>
        )}
      </div>
      <p className={styles.hint}>
        <kbd>F7</kbd> and <kbd>Shift</kbd>+<kbd>F7</kbd> move between the differences; <kbd>Alt</kbd>+<kbd>F1</kbd> lists the editor&apos;s keys.
      </p>
    </div>
  );
}
