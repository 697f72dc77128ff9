"use client";
// In the Run panel: "Share with the class" for a running program (in its toolbar), and once
// shared, who is connected (name and the address the program sees), Disconnect for each, and Unshare.
import { sendToLab, useLab, type RunView } from "@/app/runs/lab-connection";
import { isLive } from "@/shared/run-words";
import styles from "./sharing.module.css";

const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** "Share with the class", in the Run panel's toolbar while the running program is not shared
 * (a row of its own would take the height the terminals need at 1366x768). */
export function ShareButton({ run }: { run: RunView | undefined }) {
  const lab = useLab();
  if (!run || !isLive(run.state) || lab.shares.some((s) => s.runId === run.runId)) return null;
  const listening = run.state.state === "running" && run.state.ports.length > 0;
  return (
    <button type="button" onClick={() => sendToLab({ type: "share.start", runId: run.runId })} disabled={!listening || lab.connection !== "open"}
      title={listening ? "Classmates join it from their own pages, each from an address of their own." : "Once your program listens, you can share it with the class."}>
      Share with the class
    </button>
  );
}

/** Once shared: who is connected, Disconnect for each, and Unshare. */
export function ShareControls({ run }: { run: RunView | undefined }) {
  const lab = useLab();
  if (!run || !isLive(run.state)) return null;
  const share = lab.shares.find((s) => s.runId === run.runId);
  const online = lab.connection === "open";
  if (!share) return null;

  const connected = share.connected ?? [];
  return (
    <section className={styles.shared} aria-label="Shared with the class">
      <p className={styles.sharedHead}>
        <span>
          <strong>Shared with the class</strong> as “{share.owner} — {share.label}”, port {share.port}.
        </span>
        <button type="button" onClick={() => sendToLab({ type: "share.stop", runId: run.runId })} disabled={!online}>
          Unshare
        </button>
        <span className={styles.hint} data-testid="share-count">
          {connected.length === 0 ? "Nobody has joined yet." : `${connected.length} of ${share.maxJoiners} connected:`}
        </span>
      </p>
      {connected.length > 0 && (
        <ul className={styles.people} aria-label="Connected to your server">
          {connected.map((person) => (
            <li key={person.joinerId} className={styles.person}>
              <span className={styles.name}>{person.name}</span>
              <code title="The address your program sees for this person">{person.address}</code>
              <span className={`${styles.hint} ${styles.since}`}>since {clock.format(person.since)}</span>
              <button type="button" aria-label={`Disconnect ${person.name}`} disabled={!online}
                onClick={() => sendToLab({ type: "share.disconnect", shareId: share.shareId, joinerId: person.joinerId })}>
                Disconnect
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
