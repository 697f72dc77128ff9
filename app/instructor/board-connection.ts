"use client";
// The instructor page's socket (/ws/instructor): sends the key from the page's #key=… (never sent
// in a URL), then keeps the newest board; reconnects by itself.
import { useEffect, useState } from "react";
import { InstructorServerMessage, type BoardRow } from "@/shared/board-messages";
import { parseMessage } from "@/shared/protocol";

/** The open instructor socket, for "Announce" and "Send a note". */
let current: WebSocket | null = null;
export function tellClass(message: { type: "instructor.announce"; text: string } | { type: "instructor.note"; studentId: string; text: string }): boolean {
  if (current?.readyState !== WebSocket.OPEN) return false;
  current.send(JSON.stringify(message));
  return true;
}

export interface BoardState {
  status: "no-key" | "connecting" | "open" | "refused" | "closed";
  rows: BoardRow[];
  at: number;
  paused: string | null;
  refused?: string;
}

export function keyFromHash(): string | null {
  return /(?:^#|&)key=([^&]+)/.exec(location.hash)?.[1] ?? null;
}

export function useBoard(): BoardState {
  const [state, setState] = useState<BoardState>({ status: "connecting", rows: [], at: 0, paused: null });
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
      ws.onopen = () => ws.send(JSON.stringify({ type: "instructor.hello", key: decodeURIComponent(key) }));
      ws.onmessage = (event) => {
        const parsed = parseMessage(InstructorServerMessage, String(event.data));
        if (!parsed.ok) return;
        const m = parsed.value;
        if (m.type === "instructor.refused") {
          refused = true;
          setState((s) => ({ ...s, status: "refused", refused: m.message }));
        } else setState({ status: "open", rows: m.rows, at: m.at, paused: m.paused });
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
