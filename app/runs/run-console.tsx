"use client";
// What the program prints, stdout and stderr in the order they happened (stderr marked, not only
// coloured), and for stage 0 a keyboard-input line, as the tutorial's IDLE window had.
import React, { useEffect, useRef, useState } from "react";
import { sendToLab, type RunView } from "./lab-connection";
import styles from "./run-panel.module.css";

// A traceback frame in the student's own file, e.g. File "/lab/chatserver2.py", line 14
const FRAME = /(File "\/lab\/[\w-]+\.py", line )(\d+)/g;

/** stderr with each frame of the student's file as a button that shows the line in the editor. */
function linkFrames(text: string, onLine: (line: number) => void) {
  const parts: Array<string | React.ReactElement> = [];
  let last = 0;
  for (const match of text.matchAll(FRAME)) {
    const line = Number(match[2]);
    parts.push(text.slice(last, match.index) + match[1]);
    parts.push(
      <button key={match.index} type="button" className="link-button" onClick={() => onLine(line)} title="Show this line in the editor">
        {match[2]}
      </button>,
    );
    last = match.index! + match[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

export function RunConsole({ run, takesInput, onSourceLine }: { run: RunView | undefined; takesInput: boolean; onSourceLine?: (line: number) => void }) {
  const logRef = useRef<HTMLPreElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [line, setLine] = useState("");
  const stuckToBottom = useRef(true);

  useEffect(() => {
    const log = logRef.current;
    if (log && stuckToBottom.current) log.scrollTop = log.scrollHeight;
  }, [run?.output]);

  const live = run && (run.state.state === "running" || run.state.state === "starting");
  const canType = takesInput && live && run.stdinOpen;
  // Stage 0 reads the keyboard: once a new run can take input, the cursor goes where lines are typed.
  const typingRun = canType ? run.runId : null;
  useEffect(() => {
    if (typingRun) inputRef.current?.focus({ preventScroll: true });
  }, [typingRun]);

  return (
    <div className={styles.console}>
      <pre
        ref={logRef}
        className={styles.log}
        role="log"
        aria-label="Program output"
        tabIndex={0}
        // The console is the program's keyboard in stage 0: a click in it goes to the input line.
        onClick={() => canType && !window.getSelection()?.toString() && inputRef.current?.focus()}
        onScroll={(e) => {
          const el = e.currentTarget;
          stuckToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {run?.output.length ? (
          run.output.map((chunk, i) => (
            <span key={i} className={styles[chunk.stream]} data-stream={chunk.stream}>
              {chunk.stream === "stderr" && onSourceLine ? linkFrames(chunk.data, onSourceLine) : chunk.data}
            </span>
          ))
        ) : (
          <span className={styles.placeholder}>{run ? "" : "Press Run: what the program prints appears here."}</span>
        )}
      </pre>
      {takesInput && (
        <form
          className={styles.stdin}
          onSubmit={(e) => {
            e.preventDefault();
            if (run && sendToLab({ type: "run.stdin", runId: run.runId, data: `${line}\n` }, `run:${run.slot}`)) setLine("");
          }}
        >
          <label htmlFor={`stdin-${run?.runId ?? "none"}`}>Keyboard input</label>
          <input
            ref={inputRef}
            id={`stdin-${run?.runId ?? "none"}`}
            value={line}
            disabled={!canType}
            placeholder={canType ? "Type a line and press Enter (an empty line ends chatserver0)" : "Run the program to type to it"}
            onChange={(e) => setLine(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "d" && e.ctrlKey && run) {
                e.preventDefault();
                sendToLab({ type: "run.eof", runId: run.runId }, `run:${run.slot}`);
              }
            }}
            autoComplete="off"
            spellCheck={false}
          />
          <button type="submit" disabled={!canType}>
            Send
          </button>
          <button type="button" disabled={!canType} onClick={() => run && sendToLab({ type: "run.eof", runId: run.runId }, `run:${run.slot}`)} title="Close the program's input (Ctrl+D)">
            End input
          </button>
        </form>
      )}
    </div>
  );
}
