"use client";
// "Servers you can join", on every exercise page: the servers classmates (and the instructor)
// share with the class. Join opens a terminal to one, as telnet to a neighbour's machine would.
// A joined terminal takes the keyboard (and so comes into view, below the Check bar in the run
// pane); it stays when its server goes away, showing why it closed.
import { useState } from "react";
import { useClass } from "@/app/class/class-client";
import { useLab } from "@/app/runs/lab-connection";
import { TerminalPane } from "@/app/terminals/terminal-pane";
import styles from "./sharing.module.css";

interface JoinedPane {
  key: number;
  shareId: string;
  port: number;
  title: string;
}

let nextKey = 0;

export function JoinableServers() {
  const lab = useLab();
  // This browser has not joined the class: the lab shows it no share and refuses its joins.
  const outsider = useClass().student === null;
  const [panes, setPanes] = useState<JoinedPane[]>([]);
  // The session's own shares carry their run; the rest are classmates'. The instructor's first.
  const servers = lab.shares.filter((s) => !s.runId).sort((a, b) => Number(b.instructor) - Number(a.instructor));
  const join = (shareId: string, port: number, title: string) =>
    setPanes((open) => (open.some((p) => p.shareId === shareId) ? open : [...open, { key: ++nextKey, shareId, port, title }]));

  return (
    <section className={styles.joinable} aria-labelledby="servers-you-can-join">
      <h2 id="servers-you-can-join">Servers you can join</h2>
      {outsider ? (
        <p className={styles.hint}>
          Only the class&apos;s members see and join each other&apos;s servers: join the class with your name first.
        </p>
      ) : servers.length === 0 ? (
        <p className={styles.hint}>
          No classmate is sharing a server right now. When one presses “Share with the class” on a running program, it shows here.
        </p>
      ) : (
        <ul className={styles.servers}>
          {servers.map((s) => {
            const isOpen = panes.some((p) => p.shareId === s.shareId);
            const full = s.joiners >= s.maxJoiners;
            return (
              <li key={s.shareId} className={styles.server}>
                {s.instructor && <span className={styles.badge}>Instructor</span>}
                <span className={styles.serverName}>{s.owner}</span>
                <span>— {s.label}</span>
                <span className={styles.count}>
                  {s.joiners} of {s.maxJoiners} connected
                </span>
                <button type="button" onClick={() => join(s.shareId, s.port, `${s.owner}'s server`)} disabled={isOpen || full}
                  aria-label={`Join ${s.owner}'s server`} title={full ? "This server has as many people connected as it takes" : undefined}>
                  {isOpen ? "Joined" : "Join"}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {panes.length > 0 && (
        <div className={styles.grid}>
          {panes.map((pane) => (
            <TerminalPane key={pane.key} runId="" shareId={pane.shareId} port={pane.port} listening index={0} title={pane.title} focus
              onClose={() => setPanes((open) => open.filter((p) => p.key !== pane.key))} />
          ))}
        </div>
      )}
    </section>
  );
}
