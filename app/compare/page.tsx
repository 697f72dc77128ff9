// Compare any two programs side by side. A plain GET form picks them, so the page works and reads
// fully before any script loads; the diff of two lab programs is rendered on the server. Students'
// own versions live in their browser, so those diffs are drawn there (OwnVersionDiff).
import type { Metadata } from "next";
import { DiffView } from "@/app/diff/diff-view";
import { siteCatalogue, sourceOf } from "@/server/stages/catalogue";
import { OwnVersionDiff } from "./own-version-diff";
import { programOptions, type ProgramOption } from "./program-options";
import styles from "./compare.module.css";

export const metadata: Metadata = { title: "Compare programs" };

type Props = { searchParams: Promise<{ left?: string; right?: string }> };

export default async function ComparePage({ searchParams }: Props) {
  const options = programOptions(siteCatalogue);
  const params = await searchParams;
  const find = (key: string | undefined, fallback: ProgramOption) => options.find((o) => o.key === key) ?? fallback;
  const left = find(params.left, options[1]);
  const right = find(params.right, options.find((o) => o.kind === "stage" && o.stage === 2) ?? options[2]);

  return (
    <>
      <h1>Compare programs</h1>
      <p>Pick two programs: the lab&apos;s stages, or your own versions from the exercises&apos; editors.</p>
      <form className={styles.picker} method="get" action="/compare">
        <Select name="left" label="Before" options={options} selected={left.key} />
        <Select name="right" label="After" options={options} selected={right.key} />
        <button type="submit">Compare</button>
      </form>
      {left.kind === "stage" && right.kind === "stage" ? (
        <DiffView before={sourceOf(left.fileName)} after={sourceOf(right.fileName)} beforeLabel={left.fileName} afterLabel={right.fileName} />
      ) : (
        <OwnVersionDiff
          left={{ ...left, source: left.kind === "stage" ? sourceOf(left.fileName) : undefined }}
          right={{ ...right, source: right.kind === "stage" ? sourceOf(right.fileName) : undefined }}
        />
      )}
    </>
  );
}

function Select({ name, label, options, selected }: { name: string; label: string; options: ProgramOption[]; selected: string }) {
  return (
    <label>
      {label}{" "}
      <select name={name} defaultValue={selected}>
        <optgroup label="The lab's programs">
          {options.filter((o) => o.kind === "stage").map((o) => (
            <option key={o.key} value={o.key}>{o.label}</option>
          ))}
        </optgroup>
        <optgroup label="Your versions">
          {options.filter((o) => o.kind === "own").map((o) => (
            <option key={o.key} value={o.key}>{o.label}</option>
          ))}
        </optgroup>
      </select>
    </label>
  );
}
