// The student's saved draft as plain text with line numbers, shown in the editor's box while
// Monaco loads (the server-rendered placeholder shows the starting program, which would be wrong).
import styles from "./solution-editor.module.css";

export function PlainListing({ source }: { source: string }) {
  const text = source.endsWith("\n") ? source.slice(0, -1) : source;
  const lineCount = text.split("\n").length;
  return (
    <div className={styles.plain}>
      <pre className={styles.plainGutter} aria-hidden="true">
        {Array.from({ length: lineCount }, (_, i) => i + 1).join("\n")}
      </pre>
      <pre className={styles.plainCode}>
        <code>{text}</code>
      </pre>
    </div>
  );
}
