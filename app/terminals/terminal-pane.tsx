"use client";
// One browser "telnet localhost PORT" into a student's run: an xterm.js screen, the telnet-like
// line discipline, and the terminal WebSocket, with a status line and a few buttons.
import "@xterm/xterm/css/xterm.css";
import type { ITheme, Terminal } from "@xterm/xterm";
import { useEffect, useRef, useState } from "react";
import type { TerminalStatus } from "@/shared/protocol";
import { telnet, telnetSays } from "@/shared/telnet";
import { LineDiscipline, type TerminalMode } from "./line-discipline";
import { allowSafeSequencesOnly } from "./safe-sequences";
import { TerminalSocket, terminalSocketUrl } from "./terminal-socket";
import styles from "./terminal-pane.module.css";

export interface TerminalPaneProps {
  runId: string;
  port: number;
  /** Shown in the title and the region's name ("Terminal 2"). */
  index: number;
  /** The Close button was pressed (the pane has closed its connection already). */
  onClose?: () => void;
}

// The system's own monospace fonts: the lab runs offline, no web fonts.
const MONOSPACE = 'ui-monospace, "Cascadia Mono", "Segoe UI Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';
const THEME: ITheme = { background: "#1e1e1e", foreground: "#d4d4d4", cursor: "#aeafad", selectionBackground: "#264f78" };

/** The status line: a word that says it all (colour only helps), then the details. */
function statusLine(status: TerminalStatus, message: string, port: number): [string, string] {
  switch (status) {
    case "connecting": return ["Connecting…", `to port ${port}`];
    case "connected": return ["Connected", `to port ${port}`];
    case "refused": return ["Refused:", `${message}. Is a server listening on port ${port}?`];
    case "closed": return ["Closed:", message];
    case "error": return ["Error:", message];
  }
}

interface Session {
  terminal: Terminal;
  socket: TerminalSocket;
  discipline: LineDiscipline;
  connect: () => void;
}

export function TerminalPane({ runId, port, index, onClose }: TerminalPaneProps) {
  const screenRef = useRef<HTMLDivElement>(null);
  const session = useRef<Session | null>(null);
  const [status, setStatus] = useState<{ status: TerminalStatus; message: string }>({ status: "connecting", message: "" });
  const [mode, setMode] = useState<TerminalMode>("line");
  // Reconnect goes to the run and port the pane shows now (a restarted run has a new id), while
  // the screen and its history stay: read them through a ref, not as effect dependencies.
  const target = useRef({ runId, port });
  useEffect(() => {
    target.current = { runId, port };
  }, [runId, port]);

  useEffect(() => {
    let cancelled = false;
    let dispose = () => {};
    // xterm.js touches the DOM when loaded: load it in the browser only, after the page is up.
    void Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit")]).then(([{ Terminal }, { FitAddon }]) => {
      const element = screenRef.current;
      if (cancelled || !element) return;
      const terminal = new Terminal({ fontFamily: MONOSPACE, fontSize: 13, theme: THEME, scrollback: 2000, cursorBlink: true });
      const fit = new FitAddon();
      terminal.loadAddon(fit);
      // Last, after every addon: what a (classmate's) server sends may colour text and move the
      // cursor, nothing else (no clipboard, titles, links, modes or queries).
      allowSafeSequencesOnly(terminal.parser);
      terminal.open(element);
      fit.fit();
      let shown: TerminalStatus | null = null;
      const socket: TerminalSocket = new TerminalSocket({
        onStatus: (next, message) => {
          setStatus({ status: next, message });
          if (next === shown) return; // the server confirms "connecting" after we said it
          shown = next;
          if (next !== "connecting" && next !== "connected") discipline.endRemote();
          discipline.print(telnetSays(next, message, target.current.port));
        },
        onData: (bytes) => discipline.handleRemote(bytes),
      });
      const discipline = new LineDiscipline(
        {
          send: (bytes) => socket.send(bytes),
          write: (text, done) => terminal.write(text, done),
          onCloseRequest: () => {
            socket.close();
            shown = "closed";
            setStatus({ status: "closed", message: telnet.closed });
          },
          onEofRequest: () => socket.sendEof(),
          onModeChange: setMode,
        },
        terminal,
      );
      terminal.onData((data) => discipline.handleInput(data));
      terminal.attachCustomKeyEventHandler((event) => {
        if (event.type !== "keydown" || !event.ctrlKey || event.altKey || event.metaKey) return true;
        const key = event.key.toLowerCase();
        // Let the browser do Ctrl+V (xterm.js would send ^V): its paste event reaches xterm.js,
        // which hands the text to onData and so to the line discipline like typed text.
        // Ctrl+C copies when text is selected (otherwise it is ^C); Ctrl+Shift+C always copies.
        if (key === "v") return false;
        if (key === "c" && (event.shiftKey || terminal.hasSelection())) return false;
        return true;
      });
      const resize = new ResizeObserver(() => fit.fit());
      resize.observe(element);
      const connect = () => {
        if (shown === "connecting" || shown === "connected") discipline.print(`${telnet.closed}\n`);
        socket.connect(terminalSocketUrl(window.location, target.current.runId, target.current.port));
      };
      session.current = { terminal, socket, discipline, connect };
      connect();
      dispose = () => {
        resize.disconnect();
        socket.close();
        terminal.dispose();
        session.current = null;
      };
    });
    return () => {
      cancelled = true;
      dispose();
    };
  }, []);

  const reconnect = () => {
    session.current?.connect();
    session.current?.terminal.focus();
  };
  const toggleMode = () => {
    session.current?.discipline.setMode(mode === "line" ? "character" : "line");
    session.current?.terminal.focus();
  };
  const close = () => {
    session.current?.socket.close();
    setStatus({ status: "closed", message: telnet.closed });
    onClose?.();
  };

  const [word, detail] = statusLine(status.status, status.message, port);
  return (
    <section role="region" aria-label={`Terminal ${index}`} className={styles.pane}>
      <div className={styles.bar}>
        <span className={styles.title}>Terminal {index}</span>
        <button type="button" className={styles.button} aria-pressed={mode === "character"} onClick={toggleMode}
          title="Character mode sends every key as you type it (Windows telnet). Off: line mode, lines are edited here and sent on Enter.">
          Char mode
        </button>
        <button type="button" className={styles.button} onClick={reconnect} title="Open a new connection to this port">
          Reconnect
        </button>
        <button type="button" className={styles.button} onClick={close} aria-label={`Close terminal ${index}`}>
          Close
        </button>
      </div>
      <div ref={screenRef} className={styles.screen} />
      <p role="status" className={`${styles.status} ${styles[status.status]}`} title={`${word} ${detail}`}>
        <span className={styles.state}>{word}</span> {detail}
      </p>
    </section>
  );
}
