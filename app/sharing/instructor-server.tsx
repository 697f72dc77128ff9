"use client";
// On the instructor's page: a server of the instructor's own, run here and shared with the whole
// class (it heads every student's "Servers you can join"). Its Run panel shows who is connected,
// with their addresses, large enough to put on a projector.
import { RunPanel, type ProgramChoice } from "@/app/runs/run-panel";
import type { ProgramSpec } from "@/shared/protocol";
import styles from "./sharing.module.css";

const CHOICES: ProgramChoice[] = [5, 4, 3].map((stage) => ({
  key: `stage-${stage}`,
  label: `chatserver${stage}.py (the lab's)`,
  spec: (): ProgramSpec => ({ kind: "stage", stage }),
}));

export function InstructorServer() {
  return (
    <section className={`${styles.joinable} ${styles.projector}`} aria-labelledby="instructor-server">
      <h2 id="instructor-server">Your server for the class</h2>
      <p className={styles.hint}>
        Run a chat server here and press “Share with the class”: every student sees it first under “Servers you can join”, and who is
        connected shows below, each with the address your server sees.
      </p>
      <RunPanel slot="instructor" choices={CHOICES} />
    </section>
  );
}
