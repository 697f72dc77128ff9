"use client";
// A diff with at least one of the student's own versions, which live only in this browser.
// The same DiffView the server uses, drawn here once the drafts are read.
import { useEffect, useState } from "react";
import { DiffView } from "@/app/diff/diff-view";
import { browserStorage, draftKey, loadDraft } from "@/app/drafts/draft-store";
import type { ProgramOption } from "./program-options";

type Side = ProgramOption & { source?: string };

function read(side: Side): { source: string; label: string } | { missing: string } {
  if (side.kind === "stage") return { source: side.source ?? "", label: side.fileName };
  const storage = browserStorage();
  if (!storage?.getItem(draftKey(side.stage))) return { missing: `You have not written a version of exercise ${side.stage} yet: open the exercise and edit “Your solution”.` };
  return { source: loadDraft(storage, side.stage, "").source, label: `your ${side.fileName}` };
}

export function OwnVersionDiff({ left, right }: { left: Side; right: Side }) {
  const [sides, setSides] = useState<ReturnType<typeof read>[] | null>(null);
  useEffect(() => setSides([read(left), read(right)]), [left, right]);
  if (!sides) return <p role="status">Reading your versions from this browser…</p>;
  const missing = sides.flatMap((s) => ("missing" in s ? [s.missing] : []));
  if (missing.length) return <p role="alert">{missing.join(" ")}</p>;
  const [a, b] = sides as Array<{ source: string; label: string }>;
  return <DiffView before={a.source} after={b.source} beforeLabel={a.label} afterLabel={b.label} />;
}
