// One check's result: pass or fail in words (not only colour), expected and happened, the
// finding and a hint on a failure, warnings, and what each client sent and received.
import type { CheckResult } from "@/shared/check-report";
import { exitWords } from "@/shared/run-words";
import styles from "./check-panel.module.css";

const MARK = { pass: "✓ Passed", fail: "✗ Failed", skipped: "– Skipped" } as const;

export function CheckResultView({ check }: { check: CheckResult }) {
  return (
    <li className={styles.result} data-status={check.status} data-check={check.id}>
      <p className={styles.resultHead}>
        <span className={styles.mark}>{MARK[check.status]}</span> {check.name}
        {check.finding && <span className={styles.finding}>: {check.finding}</span>}
      </p>
      <dl className={styles.facts}>
        <dt>Expected</dt>
        <dd>{check.expected}</dd>
        <dt>What happened</dt>
        <dd>{check.happened}</dd>
        {check.hint && (
          <>
            <dt>Hint</dt>
            <dd>{check.hint}</dd>
          </>
        )}
      </dl>
      {[...check.warnings.map((w) => ["Warning", w]), ...check.notes.map((n) => ["Note", n])].map(([kind, text]) => (
        <p key={text} className={kind === "Warning" ? styles.warning : styles.note}>
          <strong>{kind}:</strong> {text}
        </p>
      ))}
      {check.exit && (
        <p className={styles.note}>
          The program {exitWords(check.exit)}.
        </p>
      )}
      {check.stderr && (
        <details open={check.status === "fail"}>
          <summary>What the program printed to stderr</summary>
          <pre className={styles.stderr}>{check.stderr}</pre>
        </details>
      )}
      {check.transcripts.length > 0 && (
        <details open={check.status === "fail" && check.transcripts.length <= 4}>
          <summary>Transcripts ({check.transcripts.length} client{check.transcripts.length === 1 ? "" : "s"})</summary>
          <div className={styles.transcripts}>
            {check.transcripts.map((t) => (
              <div key={t.client} className={styles.transcript}>
                <p className={styles.client}>{t.client}</p>
                <ol>
                  {t.entries.map((e, i) => (
                    <li key={i} data-kind={e.kind}>
                      <span className={styles.kind}>{e.kind}</span> <code>{JSON.stringify(e.text).slice(1, -1)}</code>
                    </li>
                  ))}
                </ol>
                {t.truncated && <p className={styles.note}>(shortened)</p>}
              </div>
            ))}
          </div>
        </details>
      )}
    </li>
  );
}
