"use client";
// One side's program for /compare. Lists the lab's chatserver0 and chatserver1, the lab's later
// programs once their exercise's answer is shown, and the student's own versions that exist: the
// page works as a plain GET form, and the lists are filled in once the page is live.
import { useEffect, useState } from "react";
import { answerShown } from "@/app/answers/answer-store";
import { browserStorage, draftKey } from "@/app/drafts/draft-store";
import { isReference } from "@/shared/stages";
import type { ProgramOption } from "./program-options";

function listed(option: ProgramOption): boolean {
  if (option.kind === "stage") return !isReference(option.stage) || answerShown(option.stage);
  return browserStorage()?.getItem(draftKey(option.stage)) != null;
}

export function ProgramSelect({ name, label, options, selected }: { name: string; label: string; options: ProgramOption[]; selected: string }) {
  // On the server and before the page is live: only what every student may see.
  const [shown, setShown] = useState(() => options.filter((o) => o.kind === "stage" && !isReference(o.stage)));
  useEffect(() => setShown(options.filter(listed)), [options]);
  // The program the page compares now stays in the list, so the form says what is shown.
  const group = (kind: ProgramOption["kind"]) => options.filter((o) => o.kind === kind && (shown.includes(o) || o.key === selected));
  const own = group("own");
  return (
    <label>
      {label}{" "}
      <select name={name} defaultValue={selected} key={shown.map((o) => o.key).join()}>
        <optgroup label="The lab's programs">
          {group("stage").map((o) => (
            <option key={o.key} value={o.key}>
              {o.label}
            </option>
          ))}
        </optgroup>
        {own.length > 0 && (
          <optgroup label="Your versions">
            {own.map((o) => (
              <option key={o.key} value={o.key}>
                {o.label}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </label>
  );
}
