"use client";
// One browser "telnet localhost PORT" into a student's run: an xterm.js screen, the telnet-like
// line discipline, and the terminal WebSocket, with a status line and a few buttons. It connects
// again by itself when the slot's program is replaced (Restart, Run again) and the new one listens.
import "@xterm/xterm/css/xterm.css";
import type { ITheme, Terminal } from "@xterm/xterm";
import { useEffect, useRef, useState } from "react";
import type { TerminalStatus } from "@/shared/protocol";
import { telnet, telnetSays } from "@/shared/telnet";
import { LineDiscipline, type TerminalMode } from "./line-discipline";
import { nameTerminal } from "@/app/inside/trace-store";
import { allowSafeSequencesOnly } from "./safe-sequences";
import { TerminalSocket, terminalSocketUrl, type TerminalTarget } from "./terminal-socket";
import styles from "./terminal-pane.module.css";

export interface TerminalPaneProps {
  runId: string;
  port: number;
  /** The run listens on its port now (a restarted program is connected to once it does). */
  listening: boolean;
  /** Shown in the title and the region's name ("Terminal 2"). */
  index: number;
  /** A classmate's shared server instead of a run of the student's own (runId is then unused). */
  shareId?: string;
  /** The instructor's terminal into this student's run (runId), instead of one of the page's own. */
  visit?: string;
  /** The title instead of "Terminal N", e.g. "Ana's server" for a joined classmate's server. */
  title?: string;
  /** The Close button was pressed (the pane has closed its connection already). */
  onClose?: () => void;
  /** The terminal's name for the lab: after a reload it takes back the connection it had. */
  terminalId?: string;
  /** Brought back after a reload: the screen's text and mode from before. */
  restored?: { text: string; mode: TerminalMode };
  /** Take the keyboard once the screen is there (the pane was just opened by New terminal). */
  focus?: boolean;
  /** Hands the grid a function that reads the pane as it is (for keeping it across a reload). */
  snapshot?: (take: (() => TerminalSnapshot) | null) => void;
}

export interface TerminalSnapshot {
  index: number;
  mode: TerminalMode;
  lines: string[];
}

/** After Esc, a Tab within this long leaves the terminal (Tab alone is typed, as in telnet). */
const LEAVE_AFTER_ESC_MS = 3000;

// The system's own monospace fonts: the lab runs offline, no web fonts.
const MONOSPACE = 'ui-monospace, "Cascadia Mono", "Segoe UI Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';
const THEME: ITheme = { background: "#1e1e1e", foreground: "#d4d4d4", cursor: "#aeafad", selectionBackground: "#264f78" };

/** The status line: a word that says it all (colour only helps), then the details. */
function statusLine(status: TerminalStatus, message: string, port: number, peer?: string): [string, string] {
  switch (status) {
    case "connecting": return ["Connecting…", peer ? `to ${peer}` : `to port ${port}`];
    case "connected": return ["Connected", peer ? `to ${peer}` : `to port ${port}`];
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
  /** The run the open (or last) connection went to. */
  connectedRun: string;
}

export function TerminalPane({ runId, port, listening, index, shareId, visit, title, terminalId, onClose, restored, focus, snapshot }: TerminalPaneProps) {
  // A joined classmate's (or a visited student's) server is named in telnet's lines ("Trying Ana's server, port 8888...").
  const peer = shareId || visit ? title : undefined;
  const screenRef = useRef<HTMLDivElement>(null);
  const session = useRef<Session | null>(null);
  const [status, setStatus] = useState<{ status: TerminalStatus; message: string }>({ status: "connecting", message: "" });
  const [mode, setMode] = useState<TerminalMode>(restored?.mode ?? "line");
  /** Said in the status line after a connection the pane made by itself. */
  const [note, setNote] = useState("");
  // Opened by New terminal: the keyboard comes here at once (not left on the button, where typing
  // would press it again), and what is typed before xterm.js is there is kept for it.
  const early = useRef("");
  useEffect(() => {
    if (focus) screenRef.current?.focus();
  }, [focus]);
  // Reconnect goes to the run and port the pane shows now (a restarted run has a new id), while
  // the screen and its history stay: read them through a ref, not as effect dependencies.
  const target = useRef({ runId, port, index });
  useEffect(() => {
    target.current = { runId, port, index };
  }, [runId, port, index]);

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
      // The columns the box has, measured again once the monospace font is really there.
      void document.fonts?.ready.then(() => !cancelled && fit.fit());
      if (restored?.text) terminal.write(`${restored.text.replace(/\n/g, "\r\n")}\r\n`);
      let shown: TerminalStatus | null = null;
      // Said once, when the restored terminal is connected: to the same connection as before the
      // reload (the lab kept it), or to a new one (the program saw this client leave and join).
      let reloaded = Boolean(restored);
      const socket: TerminalSocket = new TerminalSocket({
        onStatus: (next, message, clientPort, resumed) => {
          setStatus({ status: next, message });
          if (clientPort) nameTerminal(clientPort, `terminal ${target.current.index}`);
          if (reloaded && next !== "connecting") {
            reloaded = false;
            // (Refused or closed: telnet's own line below says what happened.)
            if (resumed || next === "connected") discipline.print(`\x1b[2m(the page was reloaded: ${resumed ? "still the same connection" : "a new connection"})\x1b[0m\n`);
            if (resumed) {
              shown = next;
              return;
            }
          }
          if (next === shown) return; // the server confirms "connecting" after we said it
          shown = next;
          if (next !== "connecting" && next !== "connected") discipline.endRemote();
          discipline.print(telnetSays(next, message, target.current.port, peer));
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
      let escapedAt = 0;
      terminal.attachCustomKeyEventHandler((event) => {
        if (event.type !== "keydown") return true;
        // Esc then Tab (or Shift+Tab) leaves the terminal: the browser moves the focus on.
        if (event.key === "Tab" && !event.ctrlKey && !event.altKey && !event.metaKey && Date.now() - escapedAt < LEAVE_AFTER_ESC_MS) {
          escapedAt = 0;
          return false;
        }
        if (!["Shift", "Control", "Alt", "Meta"].includes(event.key)) escapedAt = event.key === "Escape" ? Date.now() : 0;
        if (!event.ctrlKey || event.altKey || event.metaKey) return true;
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
        if (session.current) session.current.connectedRun = target.current.runId;
        const to: TerminalTarget = shareId
          ? { shareId, port: target.current.port }
          : visit
            ? { visit, runId: target.current.runId, port: target.current.port }
            : { ...target.current, terminalId };
        socket.connect(terminalSocketUrl(window.location, to));
      };
      session.current = { terminal, socket, discipline, connect, connectedRun: target.current.runId };
      if (restored) discipline.setMode(restored.mode);
      connect();
      if (focus || document.activeElement === element) terminal.focus();
      if (early.current) discipline.handleInput(early.current);
      early.current = "";
      snapshot?.(() => {
        const buffer = terminal.buffer.active;
        const lines = Array.from({ length: buffer.length }, (_, i) => buffer.getLine(i)?.translateToString(true) ?? "");
        return { index, mode: discipline.mode, lines };
      });
      dispose = () => {
        snapshot?.(null);
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

  // The slot's program was replaced (Restart, Run again, Ctrl+Enter), or a program that was not
  // listening yet when this terminal tried now is: connect to it, and say so.
  const refused = useRef(false);
  refused.current = status.status === "refused";
  const wasListening = useRef(listening);
  useEffect(() => {
    const current = session.current;
    const startedListening = listening && !wasListening.current;
    wasListening.current = listening;
    if (!listening || !current) return;
    const replaced = current.connectedRun !== runId;
    if (!replaced && !(startedListening && refused.current)) return;
    current.discipline.print(replaced ? "(The program was restarted: connecting to the new one.)\n" : "(The program listens now: connecting again.)\n");
    setNote(replaced ? "the restarted program" : "");
    current.connect();
  }, [runId, listening]);

  const reconnect = () => {
    setNote("");
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

  const [word, plainDetail] = statusLine(status.status, status.message, port, peer);
  const name = title ?? `Terminal ${index}`;
  const detail = note && status.status === "connected" ? `${plainDetail} (${note}, reconnected by itself)` : plainDetail;
  return (
    <section role="region" aria-label={name} className={styles.pane}>
      <div className={styles.bar}>
        <span className={styles.title} title={name}>{name}</span>
        <button type="button" className={styles.button} aria-pressed={mode === "character"} onClick={toggleMode}
          title="Character mode sends every key as you type it (Windows telnet). Off: line mode, lines are edited here and sent on Enter.">
          Char mode
        </button>
        <button type="button" className={styles.button} onClick={reconnect} title={shareId ? "Join this server again" : "Open a new connection to this port"}>
          Reconnect
        </button>
        <button type="button" className={styles.button} onClick={close} aria-label={`Close ${title ?? `terminal ${index}`}`}>
          Close
        </button>
      </div>
      <div
        ref={screenRef}
        className={styles.screen}
        tabIndex={-1}
        onKeyDown={(e) => {
          if (session.current) return;
          const typed = e.key === "Enter" ? "\r" : e.key === "Backspace" ? "\x7f" : e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey ? e.key : "";
          if (!typed) return;
          early.current += typed;
          e.preventDefault();
        }}
      />
      <p role="status" className={`${styles.status} ${styles[status.status]}`} title={`${word} ${detail}`}>
        <span className={styles.state}>{word}</span> {detail}
      </p>
    </section>
  );
}
