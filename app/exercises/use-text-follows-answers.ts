"use client";
// The exercise's text is rendered on the server, and names what the instructor's releases decide:
// the program the editor starts from ("It starts from `chatserver1.py` (your instructor has hidden
// the lab's later programs)…") and, with the answer hidden, leaves out the step that compares with
// it. The editor follows a release live (use-starting-program.ts); so does the text: when what it
// names changes, the server renders the page again. router.refresh keeps every client
// component's state, so the editor, terminals and runs stay as they were.
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

/** `names`: what the text says, as a key ("3:false": starts from chatserver3.py, answer hidden). */
export function useTextFollowsAnswers(names: string): void {
  const router = useRouter();
  const rendered = useRef(names);
  useEffect(() => {
    if (names === rendered.current) return;
    rendered.current = names;
    router.refresh();
  }, [names, router]);
}
