"use client";
// "Servers you can join", on every exercise page: the servers classmates (and the instructor)
// share with the class. Join opens a terminal to one, as telnet to a neighbour's machine would.
// A joined terminal stays when its server goes away, showing why it closed.
import { useState } from "react";
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
  const [panes, setPanes] = useState<JoinedPane[]>([]);
  // The session's own shares carry their run; the rest are classmates'. The instructor's first.
  const servers = lab.shares.filter((s) => !s.runId).sort((a, b) => Number(b.instructor) - Number(a.instructor));
  const join = (shareId: string, port: number, title: string) =>
    setPanes((open) => (open.some((p) => p.shareId === shareId) ? open : [...open, { key: ++nextKey, shareId, port, title }]));

  return (
    <section className={styles.joinable} aria-labelledby="servers-you-can-join">
      <h2 id="servers-you-can-join">Servers you can join</h2>
      {servers.length === 0 ? (
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
            <TerminalPane key={pane.key} runId="" shareId={pane.shareId} port={pane.port} listening index={0} title={pane.title}
              onClose={() => setPanes((open) => open.filter((p) => p.key !== pane.key))} />
          ))}
        </div>
      )}
    </section>
  );
}
