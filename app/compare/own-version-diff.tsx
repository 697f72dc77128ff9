"use client";
// A diff drawn in the browser: with the student's own versions (which live only in this
// browser), or with the lab's later programs, which come with their exercise's answer. The same
// DiffView the server uses for chatserver0 and chatserver1.
import { useEffect, useState } from "react";
import { answerShown } from "@/app/answers/answer-store";
import { answerFor } from "@/app/answers/answer";
import { DiffView } from "@/app/diff/diff-view";
import { browserStorage, draftKey, loadDraft } from "@/app/drafts/draft-store";
import type { ProgramOption } from "./program-options";

type Side = ProgramOption & { source?: string };
type Read = { source: string; label: string } | { missing: string };

async function read(side: Side): Promise<Read> {
  if (side.kind === "stage") {
    if (side.source !== undefined) return { source: side.source, label: side.fileName };
    if (!answerShown(side.stage)) return { missing: `The lab's ${side.fileName} comes with the answer to exercise ${side.stage}: press “Show the lab's answer” there first.` };
    try {
      return { source: (await answerFor(side.stage)).program, label: side.fileName };
    } catch (error) {
      return { missing: `The lab's ${side.fileName} could not be fetched (${error instanceof Error ? error.message : String(error)}): reload the page to try again.` };
    }
  }
  const storage = browserStorage();
  if (!storage?.getItem(draftKey(side.stage))) return { missing: `You have not written a version of exercise ${side.stage} yet: open the exercise and edit “Your solution”.` };
  return { source: loadDraft(storage, side.stage, "").source, label: `your ${side.fileName}` };
}

export function OwnVersionDiff({ left, right }: { left: Side; right: Side }) {
  const [sides, setSides] = useState<Read[] | null>(null);
  useEffect(() => {
    let current = true;
    void Promise.all([read(left), read(right)]).then((both) => current && setSides(both));
    return () => {
      current = false;
    };
  }, [left, right]);
  if (!sides) return <p role="status">Reading the programs…</p>;
  const missing = sides.flatMap((s) => ("missing" in s ? [s.missing] : []));
  if (missing.length) return <p role="alert">{missing.join(" ")}</p>;
  const [a, b] = sides as Array<{ source: string; label: string }>;
  return <DiffView before={a.source} after={b.source} beforeLabel={a.label} afterLabel={b.label} />;
}
