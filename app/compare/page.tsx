// Compare any two programs side by side. A plain GET form picks them, so the page works and reads
// fully before any script loads; the diff of chatserver0 and chatserver1 is rendered on the
// server. Students' own versions live in their browser, and the lab's later programs come with
// their exercise's answer, so those diffs are drawn there (OwnVersionDiff).
import type { Metadata } from "next";
import { DiffView } from "@/app/diff/diff-view";
import { siteCatalogue, sourceOf } from "@/server/stages/catalogue";
import { isReference } from "@/shared/stages";
import { OwnVersionDiff } from "./own-version-diff";
import { ProgramSelect } from "./program-select";
import { programOptions, type ProgramOption } from "./program-options";
import styles from "./compare.module.css";

export const metadata: Metadata = { title: "Compare programs" };

type Props = { searchParams: Promise<{ left?: string; right?: string }> };

export default async function ComparePage({ searchParams }: Props) {
  const options = programOptions(siteCatalogue);
  const params = await searchParams;
  const find = (key: string | undefined, fallback: ProgramOption) => options.find((o) => o.key === key) ?? fallback;
  const left = find(params.left, options[0]);
  const right = find(params.right, options[1]);
  // Never a lab program past chatserver1 in the page itself: those are answers, shown on request.
  const onServer = (o: ProgramOption) => o.kind === "stage" && !isReference(o.stage);

  return (
    <>
      <h1>Compare programs</h1>
      <p>
        Pick two programs: the lab&apos;s stages (from chatserver2.py on, once you have shown that exercise&apos;s answer), or your own versions from the
        exercises&apos; editors.
      </p>
      <form className={styles.picker} method="get" action="/compare">
        <ProgramSelect name="left" label="Before" options={options} selected={left.key} />
        <ProgramSelect name="right" label="After" options={options} selected={right.key} />
        <button type="submit">Compare</button>
      </form>
      {onServer(left) && onServer(right) ? (
        <DiffView before={sourceOf(left.fileName)} after={sourceOf(right.fileName)} beforeLabel={left.fileName} afterLabel={right.fileName} />
      ) : (
        <OwnVersionDiff
          left={{ ...left, source: onServer(left) ? sourceOf(left.fileName) : undefined }}
          right={{ ...right, source: onServer(right) ? sourceOf(right.fileName) : undefined }}
        />
      )}
    </>
  );
}
