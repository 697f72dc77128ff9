"use client";
// Clicking an event shows the line of the program that made it: in the editor (the student's own
// program: the page passes a handler), or in the page's listing of a lab program, marked for a moment.

/** Marks `line` in the listing of `fileName` on this page and scrolls it into view; false if none is shown. */
export function revealListingLine(fileName: string, line: number): boolean {
  const figure = document.querySelector<HTMLElement>(`figure[data-file="${CSS.escape(fileName)}"]`);
  const code = figure?.querySelector<HTMLElement>("pre:last-of-type");
  const body = code?.parentElement;
  if (!figure || !code || !body) return false;
  const lines = (code.textContent ?? "").split("\n").length;
  const lineHeight = code.scrollHeight / Math.max(1, lines);
  let mark = body.querySelector<HTMLElement>("[data-trace-mark]");
  if (!mark) {
    mark = document.createElement("div");
    mark.dataset.traceMark = "";
    mark.setAttribute("aria-hidden", "true");
    Object.assign(mark.style, { position: "absolute", left: "0", right: "0", background: "rgba(212,167,44,0.35)", pointerEvents: "none", transition: "opacity 2s" });
    if (getComputedStyle(body).position === "static") body.style.position = "relative";
    body.appendChild(mark);
  }
  mark.style.top = `${code.offsetTop + (line - 1) * lineHeight}px`;
  mark.style.height = `${lineHeight}px`;
  mark.style.opacity = "1";
  mark.dataset.line = String(line);
  // Whichever box scrolls the listing (the figure's own body, or the workbench pane it sits in)
  // brings the marked line into view; only the listing moves, not the timeline.
  mark.scrollIntoView({ block: "nearest" });
  return true;
}
