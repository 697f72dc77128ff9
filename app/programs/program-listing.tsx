// A program as the page shows it before any script loads: line numbers and Python highlighting,
// rendered on the server. It is also the editor's placeholder, so nothing jumps when Monaco arrives.
import hljs from "highlight.js/lib/core";
import python from "highlight.js/lib/languages/python";
import styles from "./program-listing.module.css";

hljs.registerLanguage("python", python);

export function ProgramListing({ source, fileName, id }: { source: string; fileName: string; id?: string }) {
  const text = source.endsWith("\n") ? source.slice(0, -1) : source;
  const lineCount = text.split("\n").length;
  const html = hljs.highlight(text, { language: "python" }).value;
  return (
    <figure className={styles.listing} id={id} data-file={fileName}>
      <figcaption className={styles.caption}>{fileName}</figcaption>
      {/* Focusable, so a keyboard can scroll a listing wider or taller than its box. */}
      <div className={styles.body} tabIndex={0} role="region" aria-label={`${fileName}, with line numbers`}>
        <pre className={styles.gutter} aria-hidden="true">
          {Array.from({ length: lineCount }, (_, i) => i + 1).join("\n")}
        </pre>
        <pre className={styles.code}>
          <code className="hljs language-python" dangerouslySetInnerHTML={{ __html: html }} />
        </pre>
      </div>
    </figure>
  );
}
