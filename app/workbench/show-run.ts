"use client";
// Run and Ctrl+Enter bring the run's status, console and terminals into view, wherever the
// student is: the workbench unfolds its run pane, and the Run panel scrolls itself into view.
const EVENT = "lab:show-run";

export function showRun(): void {
  window.dispatchEvent(new Event(EVENT));
}

export function onShowRun(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}
