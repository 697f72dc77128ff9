"use client";
// The page's side of the class: who the student is, and keeping their work on the lab server.
// Work is written to this browser first (app/drafts), then sent; the lab answers with a version.
// While the lab or its database is away, saving pauses and the work stays here; when a page
// connects again the lab greets it with the student's work, and what changed here meanwhile goes up.
import { useSyncExternalStore } from "react";
import { setAnswerStates } from "@/app/answers/answer-store";
import { labState, onClassMessage, sendToLab, subscribe as watchLab, type ClassServerMessage } from "@/app/runs/lab-connection";
import type { HelpStatus, HistoryView, StudentView, WorkPiece } from "@/shared/class-messages";
import { claimBrowser, localPieces, readMark, readText, writeMark, writeText } from "./local-work";

export interface ClassState {
  /** undefined: not known yet; null: this browser has not joined. */
  student: StudentView | null | undefined;
  classCode: boolean;
  refused: { field: "name" | "classCode" | "code"; message: string } | null;
  /** "paused": the lab (or its database) cannot save just now; the work is kept in this browser. */
  saving: "saved" | "saving" | "paused";
  pausedMessage?: string;
  /** The instructor's announcements and notes to this student, newest last (a few kept). */
  notices: Array<{ to: "class" | "you"; text: string; at: number }>;
  /** Where this student's help request is ("Ask for help"). */
  help: HelpStatus;
  /** The instructor's terminals open to this student's program now, and which program. */
  visitor: { terminals: number; label: string };
}

let state: ClassState = { student: undefined, classCode: false, refused: null, saving: "saved", notices: [], help: { state: "none" }, visitor: { terminals: 0, label: "" } };
const listeners = new Set<() => void>();
/** Pages (editors, notes) told when another tab or computer changed a piece they show. */
const textListeners = new Set<(exercise: number, item: string, text: string) => void>();
/** Texts sent and not yet confirmed, by piece. */
const inFlight = new Map<string, string>();
let retry: ReturnType<typeof setTimeout> | undefined;
/** History lists asked for and not yet answered, by exercise. */
const historyWaiting = new Map<number, Array<(entries: HistoryView[] | null) => void>>();
let started = false;

const pieceKey = (exercise: number, item: string) => `${exercise}:${item}`;

function set(next: Partial<ClassState>): void {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

function send(exercise: number, item: string, text: string): void {
  const mark = readMark(exercise, item) ?? { base: 0, dirty: true };
  inFlight.set(pieceKey(exercise, item), text);
  if (sendToLab({ type: "work.save", exercise, item, text, baseVersion: mark.base })) set({ saving: "saving" });
  else pause();
}

function pause(message?: string): void {
  set({ saving: "paused", pausedMessage: message });
  // Try again by itself: the lab's database may be back before the page reconnects.
  if (retry === undefined) {
    retry = setTimeout(() => {
      retry = undefined;
      if (labState().connection === "open" && state.student) sendDirty();
    }, 3000);
  }
}

function sendDirty(): void {
  for (const piece of localPieces()) {
    if (readMark(piece.exercise, piece.item)?.dirty) send(piece.exercise, piece.item, piece.text);
  }
}

function adopt(piece: WorkPiece): void {
  writeText(piece.exercise, piece.item, piece.text);
  writeMark(piece.exercise, piece.item, { base: piece.version, dirty: false });
  for (const listener of textListeners) listener(piece.exercise, piece.item, piece.text);
}

/** The lab's greeting: merge its copy of every piece with this browser's. */
function greeted(student: StudentView, work: WorkPiece[]): void {
  claimBrowser(student.code);
  const server = new Map(work.map((p) => [pieceKey(p.exercise, p.item), p]));
  for (const local of localPieces()) {
    const key = pieceKey(local.exercise, local.item);
    const mark = readMark(local.exercise, local.item);
    const theirs = server.get(key);
    if (theirs?.text === local.text) {
      // The same text on both sides: nothing to send, and this copy is the lab's version.
      if (mark?.dirty || mark?.base !== theirs.version) writeMark(local.exercise, local.item, { base: theirs.version, dirty: false });
      continue;
    }
    // Changed here (or never sent): it goes up; the lab keeps its other copy in the history.
    if (!mark || mark.dirty || !theirs) {
      if (!mark && theirs) sendToLab({ type: "work.keep", exercise: local.exercise, item: local.item, text: local.text, reason: "pause" });
      else {
        send(local.exercise, local.item, local.text);
        server.delete(key);
      }
    }
  }
  for (const [key, piece] of server) {
    const mark = readMark(piece.exercise, piece.item);
    if (!mark || mark.base < piece.version || readText(piece.exercise, piece.item) === undefined) adopt(piece);
    server.delete(key);
  }
  if (state.saving !== "saving") set({ saving: "saved", pausedMessage: undefined });
}

function receive(message: ClassServerMessage): void {
  switch (message.type) {
    case "class.student": {
      // A "Continue on another computer" link (/#continue=CODE): become that student here.
      const wanted = /^#continue=([2-9A-Za-z]{8})$/.exec(location.hash)?.[1]?.toUpperCase();
      if (wanted) history.replaceState(null, "", location.pathname + location.search);
      set({ student: message.student, classCode: message.classCode, refused: null });
      if (wanted && message.student?.code !== wanted) return continueWithCode(wanted);
      if (message.student) greeted(message.student, message.work);
      return;
    }
    case "class.refused":
      return set({ refused: { field: message.field, message: message.message } });
    case "work.saved": {
      const key = pieceKey(message.exercise, message.item);
      const sent = inFlight.get(key);
      inFlight.delete(key);
      // Typing went on while it travelled: still dirty, the saver sends the newer text.
      const dirty = sent !== undefined && readText(message.exercise, message.item) !== sent;
      writeMark(message.exercise, message.item, { base: message.version, dirty });
      if (inFlight.size === 0) set({ saving: "saved", pausedMessage: undefined });
      return;
    }
    case "work.changed": {
      const mark = readMark(message.piece.exercise, message.piece.item);
      if (!mark?.dirty) adopt(message.piece);
      return;
    }
    case "class.notice":
      return set({ notices: [...state.notices, { to: message.to, text: message.text, at: message.at }].slice(-3) });
    case "help.status":
      return set({ help: message.help });
    case "class.visitor":
      return set({ visitor: { terminals: message.terminals, label: message.label } });
    case "work.paused":
      inFlight.clear();
      // A History list asked for meanwhile will not come: say so rather than wait.
      for (const waiting of historyWaiting.values()) for (const done of waiting) done(null);
      historyWaiting.clear();
      return pause(message.message);
    case "class.answers":
      return setAnswerStates(message.states);
    case "history.list": {
      for (const done of historyWaiting.get(message.exercise) ?? []) done(message.entries);
      historyWaiting.delete(message.exercise);
      return;
    }
  }
}

function start(): void {
  if (started || typeof window === "undefined") return;
  started = true;
  onClassMessage(receive);
  watchLab(() => {
    if (labState().connection === "closed" && state.saving !== "paused") pause();
  });
}

/**
 * Typing began on a piece (its save waits for a pause): from now on a text another tab or computer
 * saves is not put over it; this page's save, made from the older version, keeps that one in the
 * History instead.
 */
export function workTyping(exercise: number, item: string): void {
  const mark = readMark(exercise, item);
  if (!mark?.dirty) writeMark(exercise, item, { base: mark?.base ?? 0, dirty: true });
}

/** A piece of work changed in this browser (already written to its storage): send it to the lab. */
export function workChanged(exercise: number, item: string, text: string): void {
  const mark = readMark(exercise, item);
  writeMark(exercise, item, { base: mark?.base ?? 0, dirty: true });
  if (state.student) send(exercise, item, text);
}

/** The versions the lab keeps of this exercise, newest first; null when the lab cannot answer now. */
export function requestHistory(exercise: number): Promise<HistoryView[] | null> {
  return new Promise((resolve) => {
    if (!state.student || !sendToLab({ type: "history.list", exercise })) return resolve(null);
    historyWaiting.set(exercise, [...(historyWaiting.get(exercise) ?? []), resolve]);
  });
}

/** Keep the current text as a version in the history (at a Run, a Check, a pause, before a restore). */
export function keepVersion(exercise: number, item: string, text: string, reason: "run" | "check" | "pause" | "restore"): void {
  if (state.student) sendToLab({ type: "work.keep", exercise, item, text, reason });
}

export function onOtherText(listener: (exercise: number, item: string, text: string) => void): () => void {
  textListeners.add(listener);
  return () => textListeners.delete(listener);
}

export function dismissNotice(at: number): void {
  set({ notices: state.notices.filter((n) => n.at !== at) });
}

/** "Ask for help" (again: with a new message, keeping the place in the queue). */
export function askForHelp(message: string): boolean {
  return sendToLab({ type: "help.ask", message });
}

export function withdrawHelp(): void {
  sendToLab({ type: "help.cancel" });
}

export function joinClass(name: string, classCode?: string): void {
  set({ refused: null });
  sendToLab({ type: "class.join", name, classCode });
}

export function continueWithCode(code: string): void {
  set({ refused: null });
  sendToLab({ type: "class.continue", code });
}

function subscribe(listener: () => void): () => void {
  start();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const serverState: ClassState = { ...state };

export function useClass(): ClassState {
  return useSyncExternalStore(subscribe, () => state, () => serverState);
}
