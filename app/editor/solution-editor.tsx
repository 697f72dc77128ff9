"use client";
// The student's editor: Monaco (loaded only when the editor comes into view), with the
// server-rendered listing shown in the same box until then, every change kept in the browser,
// reset with undo, download, Ctrl/Cmd+Enter to run, and revealLine for tracebacks.
import { useEffect, useImperativeHandle, useRef, useState, type ReactNode, type Ref } from "react";
import type * as MonacoApi from "monaco-editor";
import { ConfirmDialog } from "./confirm-dialog";
import { downloadText } from "./download";
import { EditorToolbar } from "./editor-toolbar";
import { sharedOptions } from "./monaco-options";
import { PlainListing } from "./plain-listing";
import { HistoryButton } from "@/app/class/history-dialog";
import { browserStorage, loadDraft } from "@/app/drafts/draft-store";
import { useDraft } from "./use-draft";
import { useMonaco } from "./use-monaco";
import { StartingNotice, startingChangeNotice } from "./starting-notice";
import { isReference, programFileName } from "@/shared/stages";
import styles from "./solution-editor.module.css";

export interface SolutionEditorHandle {
  /** Scrolls to line (1-based), puts the cursor there and highlights it until the next call. */
  revealLine(line: number): void;
  /** The text as it is right now. */
  getSource(): string;
  focus(): void;
}

export interface SolutionEditorProps {
  stage: number;
  startingSource: string;
  /** The starting program's file name (chatserver1.py for exercise 2), for the reset question. */
  startingFileName: string;
  /** Why the starting program is no longer the one the page opened with (the instructor released or hid an answer). */
  startingChange?: string;
  /** The server-rendered listing of startingSource, shown until Monaco has loaded. */
  placeholder: ReactNode;
  /** More buttons for the toolbar (the comparisons). */
  actions?: ReactNode;
  /** Ctrl+Enter / Cmd+Enter in the editor. */
  onRun?: (source: string) => void;
  /** Called with the current text after loading the saved draft and after every change. */
  onSourceChange?: (source: string) => void;
  ref?: Ref<SolutionEditorHandle>;
}

/** Remounted per stage, so a draft never leaks into another exercise's editor. */
export function SolutionEditor(props: SolutionEditorProps) {
  return <StageEditor key={props.stage} {...props} />;
}

function StageEditor({ stage, startingSource, startingFileName, startingChange, placeholder, actions, onRun, onSourceChange, ref }: SolutionEditorProps) {
  const box = useRef<HTMLDivElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const fallback = useRef<HTMLTextAreaElement>(null);
  const editor = useRef<MonacoApi.editor.IStandaloneCodeEditor | null>(null);
  const highlight = useRef<MonacoApi.editor.IEditorDecorationsCollection | null>(null);
  const pendingLine = useRef<number | null>(null);
  const run = useRef(onRun);
  useEffect(() => void (run.current = onRun));
  const [asking, setAsking] = useState<"reset" | "undo" | "earlier" | null>(null);
  const draft = useDraft(stage, startingSource, onSourceChange, (text, fresh) => replaceText(text, fresh));
  const [dismissed, setDismissed] = useState<string | undefined>(undefined);
  const monaco = useMonaco(box);
  const fileName = programFileName(stage);
  const { change, loaded } = draft;
  const ready = monaco.status === "ready" && loaded;
  // Exercises 3-5 build on the one before: the student's own version of it (when they wrote one) is
  // a starting point too, and the only one of their own when the instructor hides the references.
  const earlierStage = stage - 1;
  const [earlier, setEarlier] = useState<string | null>(null);
  useEffect(() => {
    if (!isReference(earlierStage)) return;
    const saved = loadDraft(browserStorage(), earlierStage, "");
    setEarlier(saved.restored && saved.source.trim() ? saved.source : null);
  }, [earlierStage]);

  // Monaco mounts into `host` once it and the draft are both there; the placeholder covers the
  // box until then.
  useEffect(() => {
    const api = monaco.monaco;
    if (!api || !loaded || !host.current) return;
    const model = api.editor.createModel(draft.source.current, "python");
    model.setEOL(api.editor.EndOfLineSequence.LF);
    const created = api.editor.create(host.current, {
      ...sharedOptions(),
      model,
      ariaLabel: `${fileName}: your program for exercise ${stage}`,
    });
    editor.current = created;
    highlight.current = created.createDecorationsCollection();
    const listening = model.onDidChangeContent((event) => {
      change(model.getValue());
      // A traceback's highlight goes once its line is edited (it has said what it had to say).
      const marked = highlight.current?.getRanges()[0];
      if (marked && event.changes.some((c) => c.range.startLineNumber <= marked.endLineNumber && c.range.endLineNumber >= marked.startLineNumber)) highlight.current?.clear();
    });
    created.addAction({
      id: "chat-server-lab.run",
      label: "Run this program",
      keybindings: [api.KeyMod.CtrlCmd | api.KeyCode.Enter],
      contextMenuGroupId: "navigation",
      run: () => run.current?.(model.getValue()),
    });
    if (pendingLine.current !== null) reveal(pendingLine.current);
    return () => {
      listening.dispose();
      created.dispose();
      model.dispose();
      editor.current = null;
      highlight.current = null;
    };
    // draft.source is a ref read once at creation; later text comes from the editor itself.
  }, [monaco.monaco, loaded, change, fileName, stage]);

  /** Puts text in the editor as one undoable edit (Ctrl+Z still works after a reset); "fresh": with no undo back to what was there. */
  function replaceText(text: string, fresh?: "fresh") {
    const current = editor.current;
    const model = current?.getModel();
    if (model && fresh) model.setValue(text);
    else if (current && model) {
      current.pushUndoStop();
      current.executeEdits("chat-server-lab", [{ range: model.getFullModelRange(), text }]);
      current.pushUndoStop();
    } else if (fallback.current) fallback.current.value = text;
  }

  function reveal(line: number) {
    box.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
    const current = editor.current;
    const model = current?.getModel();
    if (!current || !model) {
      pendingLine.current = line; // shown once Monaco is there
      if (fallback.current) selectLine(fallback.current, line);
      return;
    }
    pendingLine.current = null;
    const lineNumber = Math.min(Math.max(1, Math.floor(line)), model.getLineCount());
    highlight.current?.set([
      {
        range: { startLineNumber: lineNumber, startColumn: 1, endLineNumber: lineNumber, endColumn: 1 },
        options: { isWholeLine: true, className: styles.traceLine, linesDecorationsClassName: styles.traceGutter },
      },
    ]);
    current.revealLineInCenter(lineNumber);
    current.setPosition({ lineNumber, column: model.getLineFirstNonWhitespaceColumn(lineNumber) || 1 });
    current.focus();
  }

  useImperativeHandle(ref, () => ({
    revealLine: reveal,
    getSource: () => draft.source.current,
    focus: () => (editor.current ?? fallback.current)?.focus(),
  }));

  function undo() {
    // No question unless the student has typed since the reset (that text would be replaced).
    if (draft.changedSinceReset()) return setAsking("undo");
    const text = draft.undoReset();
    if (text !== undefined) replaceText(text);
  }

  function confirmed() {
    const text = asking === "reset" ? draft.reset() : asking === "earlier" && earlier !== null ? draft.replace(earlier) : draft.undoReset();
    if (text !== undefined) replaceText(text);
    setAsking(null);
  }

  return (
    <section className={styles.editor} aria-label={`Your program, ${fileName}`}>
      <EditorToolbar
        fileName={fileName}
        startingFileName={startingFileName}
        canReset={loaded && !draft.atStart}
        canUndo={loaded && draft.previous !== undefined}
        onReset={() => setAsking("reset")}
        onUndo={undo}
        earlier={
          loaded && earlier !== null && earlier !== draft.source.current
            ? { label: `Start from your ${programFileName(earlierStage)}`, onUse: () => setAsking("earlier") }
            : undefined
        }
        onDownload={() => downloadText(fileName, draft.source.current)}
        actions={actions}
        history={loaded && <HistoryButton stage={stage} current={() => draft.source.current} onRestore={(text) => replaceText(draft.replace(text))} />}
      />
      <div className={styles.box} ref={box}>
        <div className={styles.host} ref={host} />
        {monaco.status === "failed" ? (
          <textarea
            ref={fallback}
            className={styles.fallback}
            aria-label={`${fileName}: your program (plain text editor)`}
            defaultValue={draft.source.current}
            spellCheck={false}
            onChange={(e) => change(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run.current?.(e.currentTarget.value);
            }}
          />
        ) : (
          !ready && (
            <div className={styles.placeholder} aria-busy="true">
              {loaded && !draft.atStart ? <PlainListing source={draft.source.current} /> : placeholder}
            </div>
          )
        )}
      </div>
      {/* Always one line tall, so nothing below moves when the editor arrives. */}
      <div className={styles.statusRow}>
        <span role="status" className={styles.loading}>
          {!ready && monaco.status !== "failed" && (
            <>
              <span className="spinner" aria-hidden="true" /> Loading editor…
            </>
          )}
        </span>
        <span className={styles.hint}>
          {onRun && <><kbd>Ctrl</kbd>+<kbd>Enter</kbd> (<kbd>⌘</kbd>+<kbd>Enter</kbd>) to run it. </>}
          <kbd>Ctrl</kbd>+<kbd>M</kbd> (Mac: <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>M</kbd>) then <kbd>Tab</kbd> leaves it.
        </span>
        {/* Not a live region: it changes whenever typing pauses, which nobody needs to hear. */}
        <span className={styles.saved}>{savedText(draft.savedAt, draft.restored)}</span>
      </div>
      {monaco.status === "failed" && (
        <p className={styles.problem} role="alert">
          The full editor could not load ({monaco.error}), so this is a plain text box; your work is still saved.{" "}
          <button type="button" className="link-button" onClick={monaco.retry}>
            Try again
          </button>
        </p>
      )}
      {/* Gone once the student has reset to the new program: it has nothing more to say. */}
      {startingChange && (draft.followed === true || (draft.followed === false && !draft.atStart)) && dismissed !== startingSource && (
        <StartingNotice
          text={startingChangeNotice(startingChange, startingFileName, draft.followed)}
          offer={!draft.followed ? { label: `Start again from ${startingFileName}`, onUse: () => setAsking("reset") } : undefined}
          onDismiss={() => setDismissed(startingSource)}
        />
      )}
      {draft.notices.map((notice) => (
        <p key={notice} className={styles.problem} role="alert">
          {notice}{" "}
          <button type="button" className="link-button" onClick={() => draft.dismissNotice(notice)}>
            Dismiss
          </button>
        </p>
      ))}
      <ConfirmDialog
        open={asking !== null}
        title={
          asking === "reset"
            ? "Start again from the starting program?"
            : asking === "earlier"
              ? `Start from your exercise ${earlierStage} version?`
              : "Bring back the text from before the reset?"
        }
        confirmLabel={asking === "reset" ? "Reset" : asking === "earlier" ? `Use my ${programFileName(earlierStage)}` : "Undo reset"}
        onConfirm={confirmed}
        onCancel={() => setAsking(null)}
      >
        {asking === "reset" || asking === "earlier" ? (
          <p>
            Your {fileName} will be replaced by {asking === "reset" ? startingFileName : `your ${programFileName(earlierStage)} from exercise ${earlierStage}`}. What you have now is
            kept: &ldquo;Undo reset&rdquo; brings it back.
          </p>
        ) : (
          <p>What you typed since the reset will be replaced by the text from before it.</p>
        )}
      </ConfirmDialog>
    </section>
  );
}

function savedText(savedAt: Date | undefined, restored: boolean): string {
  if (savedAt) return `Saved at ${savedAt.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" })}`;
  return restored ? "Your saved version" : "Saved as you type";
}

/** The plain fallback's version of revealLine: select the line. */
function selectLine(area: HTMLTextAreaElement, line: number) {
  const lines = area.value.split("\n");
  const index = Math.min(Math.max(1, Math.floor(line)), lines.length) - 1;
  const start = lines.slice(0, index).reduce((sum, text) => sum + text.length + 1, 0);
  area.focus();
  area.setSelectionRange(start, start + lines[index].length);
}
