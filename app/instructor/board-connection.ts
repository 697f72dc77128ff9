"use client";
// The instructor page's socket (/ws/instructor): sends the key from the page's #key=… (never sent
// in a URL), then keeps the board (whole when the socket opens, then the rows that changed);
// reconnects by itself.
import { useEffect, useState } from "react";
import { InstructorServerMessage, mergeRows, type BoardRow, type InstructorClientMessage, type StudentDesk } from "@/shared/board-messages";
import type { HistoryView } from "@/shared/class-messages";
import type { AnswerState, AnswerStates } from "@/shared/answer-states";
import { parseMessage } from "@/shared/protocol";

/** The open instructor socket, for "Announce", "Send a note", the help queue and a student's desk. */
let current: WebSocket | null = null;
/** The student looked over the shoulder of, asked for again after a reconnect. */
let watched: string | null = null;
export function tellClass(message: Exclude<InstructorClientMessage, { type: "instructor.hello" }>): boolean {
  if (message.type === "instructor.watch") watched = message.studentId;
  if (current?.readyState !== WebSocket.OPEN) return false;
  current.send(JSON.stringify(message));
  return true;
}

/** Release (or hide) an exercise's answer for the class. */
export function setAnswer(exercise: number, state: AnswerState): boolean {
  return tellClass({ type: "instructor.answers", exercise, state });
}

export interface BoardState {
  status: "no-key" | "connecting" | "open" | "refused" | "closed";
  rows: BoardRow[];
  at: number;
  paused: string | null;
  refused?: string;
  /** The watched student's desk, and the history asked for last. */
  desk?: StudentDesk;
  history?: { studentId: string; exercise: number; entries: HistoryView[] };
  /** Which exercises' answers students may see; null until the lab says. */
  answers: AnswerStates | null;
}

export function keyFromHash(): string | null {
  return /(?:^#|&)key=([^&]+)/.exec(location.hash)?.[1] ?? null;
}

export function useBoard(): BoardState {
  const [state, setState] = useState<BoardState>({ status: "connecting", rows: [], at: 0, paused: null, answers: null });
  useEffect(() => {
    const key = keyFromHash();
    if (!key) return setState((s) => ({ ...s, status: "no-key" }));
    let socket: WebSocket | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let refused = false;
    const connect = () => {
      const ws = new WebSocket(`${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/ws/instructor`);
      socket = ws;
      current = ws;
      let greeted = false;
      ws.onopen = () => ws.send(JSON.stringify({ type: "instructor.hello", key: decodeURIComponent(key) }));
      ws.onmessage = (event) => {
        const parsed = parseMessage(InstructorServerMessage, String(event.data));
        if (!parsed.ok) return;
        const m = parsed.value;
        if (m.type === "instructor.refused") {
          refused = true;
          setState((s) => ({ ...s, status: "refused", refused: m.message }));
        } else if (m.type === "answers") setState((s) => ({ ...s, answers: m.states }));
        else if (m.type === "student") setState((s) => (m.view.studentId === watched ? { ...s, desk: m.view } : s));
        else if (m.type === "student.history") setState((s) => ({ ...s, history: m }));
        else {
          // The first board says the key was taken: only now does the lab read more messages.
          if (!greeted && watched) ws.send(JSON.stringify({ type: "instructor.watch", studentId: watched }));
          greeted = true;
          const whole = m.type === "board";
          setState((s) => ({ ...s, status: "open", rows: whole ? m.rows : mergeRows(s.rows, m.rows), at: m.at, paused: m.paused }));
        }
      };
      ws.onclose = () => {
        if (refused) return;
        setState((s) => ({ ...s, status: "closed" }));
        retry = setTimeout(connect, 2000);
      };
    };
    connect();
    return () => {
      refused = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, []);
  return state;
}
