"use client";
// "Done" on an exercise's card once its checks have passed in this browser.
import { useDone } from "./progress-store";

export function DoneBadge({ stage, className }: { stage: number; className?: string }) {
  return useDone().has(stage) ? <span className={className}>✓ Done</span> : null;
}
