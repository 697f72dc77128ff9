"use client";
// The bar between two panes: drag it, or focus it and use the arrow keys (Home/End for the ends).
import { useRef, type KeyboardEvent, type PointerEvent } from "react";
import styles from "./workbench.module.css";

export interface SplitterProps {
  /** "vertical": a bar between side-by-side panes (drag left and right). */
  orientation: "vertical" | "horizontal";
  label: string;
  /** The first pane's share (0-1) of the container the bar splits. */
  share: number;
  min: number;
  max: number;
  onShare: (share: number) => void;
}

export function Splitter({ orientation, label, share, min, max, onShare }: SplitterProps) {
  const bar = useRef<HTMLDivElement>(null);
  const vertical = orientation === "vertical";

  function follow(event: PointerEvent<HTMLDivElement>) {
    const box = bar.current?.parentElement?.getBoundingClientRect();
    if (!box || !event.currentTarget.hasPointerCapture(event.pointerId)) return;
    onShare(vertical ? (event.clientX - box.left) / box.width : (event.clientY - box.top) / box.height);
  }

  function key(event: KeyboardEvent<HTMLDivElement>) {
    const step = { ArrowLeft: -0.03, ArrowUp: -0.03, ArrowRight: 0.03, ArrowDown: 0.03 }[event.key];
    if (step !== undefined) onShare(share + step);
    else if (event.key === "Home") onShare(min);
    else if (event.key === "End") onShare(max);
    else return;
    event.preventDefault();
  }

  return (
    <div
      ref={bar}
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      aria-valuenow={Math.round(share * 100)}
      aria-valuemin={Math.round(min * 100)}
      aria-valuemax={Math.round(max * 100)}
      tabIndex={0}
      className={vertical ? styles.splitVertical : styles.splitHorizontal}
      onPointerDown={(e) => e.currentTarget.setPointerCapture(e.pointerId)}
      onPointerMove={follow}
      onKeyDown={key}
    />
  );
}
